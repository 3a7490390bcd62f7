import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, aProxyFor, aService } from '../test-data';
import { bookSlot, cancelAppointment, rescheduleAppointment } from './booking';
import { bookableServices } from './services';
import { appointmentOf, appointmentsOf, manageableAppointmentOf } from './queries';

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const general = await aService();
const mentalHealth = await aService(['in_person', 'phone'], 'mental_health');

let nextHour = 24;
async function slotIn(service: Awaited<ReturnType<typeof aService>>) {
	const startsAt = new Date(now.getTime() + (nextHour += 2) * 60 * 60 * 1000);
	return (
		await db
			.insert(tables.slots)
			.values({
				serviceId: service.service.id,
				locationId: service.location.id,
				mode: 'in_person',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 15 * 60_000)
			})
			.returning()
	)[0]!;
}

/** A patient with an appointment at each service, the mental health one first. */
async function aPatientWithBoth() {
	const patient = await aPatient(`Grace${Math.random()}`);
	const book = async (service: Awaited<ReturnType<typeof aService>>) => {
		const booked = await bookSlot(patient, { slotId: (await slotIn(service)).id, needs: {} }, now);
		if (!booked.ok) throw new Error(booked.reason);
		return booked.appointment;
	};
	return { patient, mentalHealthVisit: await book(mentalHealth), gpVisit: await book(general) };
}

const everything = [
	'appointments.view',
	'appointments.manage',
	'care_plans.view',
	'requests.make'
] as const;

describe("a labelled service's appointments", () => {
	it('are all the patient’s own to see and manage', async () => {
		const { patient, mentalHealthVisit, gpVisit } = await aPatientWithBoth();
		expect((await appointmentsOf(patient, now)).upcoming.map((a) => a.id)).toEqual([
			mentalHealthVisit.id,
			gpVisit.id
		]);
		expect((await appointmentOf(patient, mentalHealthVisit.id))?.label).toBe('mental_health');
		expect((await manageableAppointmentOf(patient, mentalHealthVisit.id))?.id).toBe(
			mentalHealthVisit.id
		);
	});

	it('do not exist for a carer allowed general care plans only: not listed, not found', async () => {
		const { patient, mentalHealthVisit, gpVisit } = await aPatientWithBoth();
		const carer = await aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		const { upcoming, past } = await appointmentsOf(carer.context, now);
		expect(upcoming.map((a) => a.id)).toEqual([gpVisit.id]);
		expect(past).toEqual([]);
		expect(await appointmentOf(carer.context, mentalHealthVisit.id)).toBeUndefined();
		expect(await manageableAppointmentOf(carer.context, mentalHealthVisit.id)).toBeUndefined();
		expect((await appointmentOf(carer.context, gpVisit.id))?.id).toBe(gpVisit.id);
	});

	it('cannot be cancelled or moved by that carer, as if they did not exist', async () => {
		const { patient, mentalHealthVisit } = await aPatientWithBoth();
		const carer = await aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		expect(await cancelAppointment(carer.context, mentalHealthVisit.id, null, now)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(
			await rescheduleAppointment(
				carer.context,
				mentalHealthVisit.id,
				(await slotIn(mentalHealth)).id,
				now
			)
		).toEqual({ ok: false, reason: 'not-found' });
		expect((await appointmentOf(patient, mentalHealthVisit.id))?.status).toBe('booked');
	});

	it('cannot be booked by that carer, nor a general one moved into a labelled service', async () => {
		const { patient, gpVisit } = await aPatientWithBoth();
		const carer = await aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		const offered = (await bookableServices(carer.context)).map((s) => s.id);
		expect(offered).toContain(general.service.id);
		expect(offered).not.toContain(mentalHealth.service.id);
		const slot = await slotIn(mentalHealth);
		expect(await bookSlot(carer.context, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect(await rescheduleAppointment(carer.context, gpVisit.id, slot.id, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect((await bookableServices(patient)).map((s) => s.id)).toContain(mentalHealth.service.id);
	});

	it('are seen and managed by someone allowed the label', async () => {
		const { patient, mentalHealthVisit } = await aPatientWithBoth();
		const trusted = await aProxyFor(
			patient,
			`Ama${Math.random()}`,
			[...everything],
			['general', 'mental_health']
		);
		expect((await appointmentsOf(trusted.context, now)).upcoming.map((a) => a.id)).toContain(
			mentalHealthVisit.id
		);
		expect((await bookableServices(trusted.context)).map((s) => s.id)).toContain(
			mentalHealth.service.id
		);
		expect(await cancelAppointment(trusted.context, mentalHealthVisit.id, null, now)).toEqual({
			ok: true
		});
	});

	it('stay hidden from someone who may see appointments but read no care plans', async () => {
		const { patient, mentalHealthVisit, gpVisit } = await aPatientWithBoth();
		const viewer = await aProxyFor(patient, `Kofi${Math.random()}`, ['appointments.view'], []);
		expect((await appointmentsOf(viewer.context, now)).upcoming.map((a) => a.id)).toEqual([
			gpVisit.id
		]);
		expect(await appointmentOf(viewer.context, mentalHealthVisit.id)).toBeUndefined();
	});
});
