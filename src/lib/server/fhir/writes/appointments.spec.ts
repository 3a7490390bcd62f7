import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../appointments/booking';
import { activityOf } from '../../audit';
import { database, tables } from '../../db';
import { aFhirClient, aFreeSlot, aPatient, aService, fhirRefusal } from '../../test-data';
import { appointmentResource } from '../resources/appointment';
import { validateAgainstProfile } from '../validation';
import { updateAppointment } from './appointments';

const db = database();
// UK Core's definitions load on the first check (a second or more on a loaded machine): once,
// here, so that no test's time-out pays for it.
beforeAll(() => void validateAgainstProfile({ resourceType: 'Slot' }), 60_000);
// The appointment is on Monday 30 November 2026; it is booked the week before.
const bookedOn = new Date('2026-11-23T09:00:00Z');
const onTheDay = new Date('2026-11-30T12:00:00Z');

const clinic = aService(['in_person']);
const { caller: pas } = await aFhirClient(clinic.organisation.id);
const { caller: stranger } = await aFhirClient(aService().organisation.id);

let people = 0;
/** A patient with an appointment at the clinic at 10:00 on the day, and how it is served. */
function anAppointment() {
	const patient = aPatient(`Attender${++people}`);
	const slot = aFreeSlot(
		clinic,
		new Date(`2026-11-30T${String(8 + people).padStart(2, '0')}:00:00Z`)
	);
	const booked = bookSlot(patient, { slotId: slot.id, needs: {} }, bookedOn);
	if (!booked.ok) throw new Error('not booked');
	const id = booked.appointment.id;
	const served = () => {
		const row = db
			.select({
				appointment: tables.appointments,
				slot: tables.slots,
				service: tables.services,
				location: tables.locations
			})
			.from(tables.appointments)
			.innerJoin(tables.slots, eq(tables.appointments.slotId, tables.slots.id))
			.innerJoin(tables.services, eq(tables.slots.serviceId, tables.services.id))
			.innerJoin(tables.locations, eq(tables.slots.locationId, tables.locations.id))
			.where(eq(tables.appointments.id, id))
			.get()!;
		return appointmentResource(row);
	};
	return { patient, id: String(id), served };
}

const statusOf = (id: string) =>
	db
		.select()
		.from(tables.appointments)
		.where(eq(tables.appointments.id, Number(id)))
		.get()!.status;

describe('attendance recorded by the provider’s system', () => {
	it('records fulfilled as attended, in the patient’s activity log by the system through FHIR', () => {
		const { patient, id, served } = anAppointment();
		const result = updateAppointment(pas, id, { ...served(), status: 'fulfilled' }, onTheDay);
		expect(result).toMatchObject({ status: 200, resource: { status: 'fulfilled' } });
		expect(statusOf(id)).toBe('attended');
		expect(validateAgainstProfile(result.resource)).toEqual([]);
		expect(activityOf(patient).entries[0]).toMatchObject({
			action: 'appointment.attended',
			via: 'staff',
			channel: 'fhir',
			actorUserId: pas.client.userId,
			// Named as the system it is, for the patient's log to say which.
			system: pas.client.name
		});
	});

	it('records arrived as attended, and noshow as did not attend', () => {
		const { patient, id, served } = anAppointment();
		updateAppointment(pas, id, { ...served(), status: 'arrived' }, onTheDay);
		expect(statusOf(id)).toBe('attended');
		updateAppointment(pas, id, { ...served(), status: 'noshow' }, onTheDay);
		expect(statusOf(id)).toBe('did_not_attend');
		expect(activityOf(patient).entries[0]).toMatchObject({
			action: 'appointment.did_not_attend',
			channel: 'fhir'
		});
	});

	it('refuses anything but the status, other statuses, and before the day; nothing changes', () => {
		const { id, served } = anAppointment();
		const status = fhirRefusal(
			() =>
				updateAppointment(
					pas,
					id,
					{ ...served(), status: 'fulfilled', start: '2026-12-01T10:00:00Z' },
					onTheDay
				),
			422
		);
		expect(status.code).toBe('business-rule');
		fhirRefusal(
			() => updateAppointment(pas, id, { ...served(), status: 'cancelled' }, onTheDay),
			422
		);
		fhirRefusal(
			() => updateAppointment(pas, id, { ...served(), status: 'fulfilled' }, bookedOn),
			422
		);
		fhirRefusal(
			() => updateAppointment(pas, id, { ...served(), status: 'finished' }, onTheDay),
			400
		);
		expect(statusOf(id)).toBe('booked');
	});

	it("does not know another organisation's appointments", () => {
		const { patient, id, served } = anAppointment();
		fhirRefusal(
			() => updateAppointment(stranger, id, { ...served(), status: 'noshow' }, onTheDay),
			404
		);
		expect(statusOf(id)).toBe('booked');
		expect(activityOf(patient).entries.map((entry) => entry.action)).toEqual([
			'appointment.booked'
		]);
	});

	it('answers hostile bodies with a 4xx, never another exception', () => {
		const { id, served } = anAppointment();
		const hostile: unknown[] = [
			null,
			[],
			{ ...served(), status: 42 },
			{ ...served(), participant: 'Patient/1' },
			{
				...served(),
				participant: [{ actor: { reference: 'Patient/999999' } }],
				status: 'fulfilled'
			},
			{ ...served(), slot: [{ reference: 'Slot/abc' }], status: 'fulfilled' },
			{ ...served(), id: '999999', status: 'fulfilled' }
		];
		for (const body of hostile) fhirRefusal(() => updateAppointment(pas, id, body, onTheDay));
		// The same appointment with no id of its own, sent to addresses that are not it.
		const anonymous: Record<string, unknown> = { ...served() };
		delete anonymous.id;
		for (const other of ['abc', '999999', '1.5'])
			expect(fhirRefusal(() => updateAppointment(pas, other, anonymous, onTheDay), 404).code).toBe(
				'not-found'
			);
		expect(statusOf(id)).toBe('booked');
	});
});
