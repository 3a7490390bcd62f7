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

const clinic = await aService(['in_person']);
const { caller: pas } = await aFhirClient(clinic.organisation.id);
const { caller: stranger } = await aFhirClient((await aService()).organisation.id);

let people = 0;
/** A patient with an appointment at the clinic at 10:00 on the day, and how it is served. */
async function anAppointment() {
	const patient = await aPatient(`Attender${++people}`);
	const slot = await aFreeSlot(
		clinic,
		new Date(`2026-11-30T${String(8 + people).padStart(2, '0')}:00:00Z`)
	);
	const booked = await bookSlot(patient, { slotId: slot.id, needs: {} }, bookedOn);
	if (!booked.ok) throw new Error('not booked');
	const id = booked.appointment.id;
	const served = async () => {
		const row = (
			await db
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
		)[0]!;
		return appointmentResource(row);
	};
	return { patient, id: String(id), served };
}

const statusOf = async (id: string) =>
	(
		await db
			.select()
			.from(tables.appointments)
			.where(eq(tables.appointments.id, Number(id)))
	)[0]!.status;

describe('attendance recorded by the provider’s system', () => {
	it('records fulfilled as attended, in the patient’s activity log by the system through FHIR', async () => {
		const { patient, id, served } = await anAppointment();
		const result = await updateAppointment(
			pas,
			id,
			{ ...(await served()), status: 'fulfilled' },
			onTheDay
		);
		expect(result).toMatchObject({ status: 200, resource: { status: 'fulfilled' } });
		expect(await statusOf(id)).toBe('attended');
		expect(validateAgainstProfile(result.resource)).toEqual([]);
		expect((await activityOf(patient)).entries[0]).toMatchObject({
			action: 'appointment.attended',
			via: 'staff',
			channel: 'fhir',
			actorUserId: pas.client.userId,
			// Named as the system it is, for the patient's log to say which.
			system: pas.client.name
		});
	});

	it('records arrived as attended, and noshow as did not attend', async () => {
		const { patient, id, served } = await anAppointment();
		await updateAppointment(pas, id, { ...(await served()), status: 'arrived' }, onTheDay);
		expect(await statusOf(id)).toBe('attended');
		await updateAppointment(pas, id, { ...(await served()), status: 'noshow' }, onTheDay);
		expect(await statusOf(id)).toBe('did_not_attend');
		expect((await activityOf(patient)).entries[0]).toMatchObject({
			action: 'appointment.did_not_attend',
			channel: 'fhir'
		});
	});

	it('refuses anything but the status, other statuses, and before the day; nothing changes', async () => {
		const { id, served } = await anAppointment();
		const status = await fhirRefusal(
			async () =>
				await updateAppointment(
					pas,
					id,
					{ ...(await served()), status: 'fulfilled', start: '2026-12-01T10:00:00Z' },
					onTheDay
				),
			422
		);
		expect(status.code).toBe('business-rule');
		await fhirRefusal(
			async () =>
				await updateAppointment(pas, id, { ...(await served()), status: 'cancelled' }, onTheDay),
			422
		);
		await fhirRefusal(
			async () =>
				await updateAppointment(pas, id, { ...(await served()), status: 'fulfilled' }, bookedOn),
			422
		);
		await fhirRefusal(
			async () =>
				await updateAppointment(pas, id, { ...(await served()), status: 'finished' }, onTheDay),
			400
		);
		expect(await statusOf(id)).toBe('booked');
	});

	it("does not know another organisation's appointments", async () => {
		const { patient, id, served } = await anAppointment();
		await fhirRefusal(
			async () =>
				await updateAppointment(stranger, id, { ...(await served()), status: 'noshow' }, onTheDay),
			404
		);
		expect(await statusOf(id)).toBe('booked');
		expect((await activityOf(patient)).entries.map((entry) => entry.action)).toEqual([
			'appointment.booked'
		]);
	});

	it('answers hostile bodies with a 4xx, never another exception', async () => {
		const { id, served } = await anAppointment();
		const hostile: unknown[] = [
			null,
			[],
			{ ...(await served()), status: 42 },
			{ ...(await served()), participant: 'Patient/1' },
			{
				...(await served()),
				participant: [{ actor: { reference: 'Patient/999999' } }],
				status: 'fulfilled'
			},
			{ ...(await served()), slot: [{ reference: 'Slot/abc' }], status: 'fulfilled' },
			{ ...(await served()), id: '999999', status: 'fulfilled' }
		];
		for (const body of hostile)
			await fhirRefusal(async () => await updateAppointment(pas, id, body, onTheDay));
		// The same appointment with no id of its own, sent to addresses that are not it.
		const anonymous: Record<string, unknown> = { ...(await served()) };
		delete anonymous.id;
		for (const other of ['abc', '999999', '1.5'])
			expect(
				(
					await fhirRefusal(
						async () => await updateAppointment(pas, other, anonymous, onTheDay),
						404
					)
				).code
			).toBe('not-found');
		expect(await statusOf(id)).toBe('booked');
	});
});
