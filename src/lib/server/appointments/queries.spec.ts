import { describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, aProxyFor, aService } from '../test-data';
import { bookSlot, cancelAppointment, rescheduleAppointment } from './booking';
import { bookableServices } from './services';
import { appointmentOf, appointmentsOf, manageableAppointmentOf } from './queries';

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const general = aService();
const mentalHealth = aService(['in_person', 'phone'], 'mental_health');

let nextHour = 24;
function slotIn(service: ReturnType<typeof aService>) {
	const startsAt = new Date(now.getTime() + (nextHour += 2) * 60 * 60 * 1000);
	return db
		.insert(tables.slots)
		.values({
			serviceId: service.service.id,
			locationId: service.location.id,
			mode: 'in_person',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 15 * 60_000)
		})
		.returning()
		.get();
}

/** A patient with an appointment at each service, the mental health one first. */
function aPatientWithBoth() {
	const patient = aPatient(`Grace${Math.random()}`);
	const book = (service: ReturnType<typeof aService>) => {
		const booked = bookSlot(patient, { slotId: slotIn(service).id, needs: {} }, now);
		if (!booked.ok) throw new Error(booked.reason);
		return booked.appointment;
	};
	return { patient, mentalHealthVisit: book(mentalHealth), gpVisit: book(general) };
}

const everything = [
	'appointments.view',
	'appointments.manage',
	'care_plans.view',
	'requests.make'
] as const;

describe("a labelled service's appointments", () => {
	it('are all the patient’s own to see and manage', () => {
		const { patient, mentalHealthVisit, gpVisit } = aPatientWithBoth();
		expect(appointmentsOf(patient, now).upcoming.map((a) => a.id)).toEqual([
			mentalHealthVisit.id,
			gpVisit.id
		]);
		expect(appointmentOf(patient, mentalHealthVisit.id)?.label).toBe('mental_health');
		expect(manageableAppointmentOf(patient, mentalHealthVisit.id)?.id).toBe(mentalHealthVisit.id);
	});

	it('do not exist for a carer allowed general care plans only: not listed, not found', () => {
		const { patient, mentalHealthVisit, gpVisit } = aPatientWithBoth();
		const carer = aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		const { upcoming, past } = appointmentsOf(carer.context, now);
		expect(upcoming.map((a) => a.id)).toEqual([gpVisit.id]);
		expect(past).toEqual([]);
		expect(appointmentOf(carer.context, mentalHealthVisit.id)).toBeUndefined();
		expect(manageableAppointmentOf(carer.context, mentalHealthVisit.id)).toBeUndefined();
		expect(appointmentOf(carer.context, gpVisit.id)?.id).toBe(gpVisit.id);
	});

	it('cannot be cancelled or moved by that carer, as if they did not exist', () => {
		const { patient, mentalHealthVisit } = aPatientWithBoth();
		const carer = aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		expect(cancelAppointment(carer.context, mentalHealthVisit.id, null, now)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(
			rescheduleAppointment(carer.context, mentalHealthVisit.id, slotIn(mentalHealth).id, now)
		).toEqual({ ok: false, reason: 'not-found' });
		expect(appointmentOf(patient, mentalHealthVisit.id)?.status).toBe('booked');
	});

	it('cannot be booked by that carer, nor a general one moved into a labelled service', () => {
		const { patient, gpVisit } = aPatientWithBoth();
		const carer = aProxyFor(patient, `Daniel${Math.random()}`, [...everything], ['general']);
		const offered = bookableServices(carer.context).map((s) => s.id);
		expect(offered).toContain(general.service.id);
		expect(offered).not.toContain(mentalHealth.service.id);
		const slot = slotIn(mentalHealth);
		expect(bookSlot(carer.context, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect(rescheduleAppointment(carer.context, gpVisit.id, slot.id, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect(bookableServices(patient).map((s) => s.id)).toContain(mentalHealth.service.id);
	});

	it('are seen and managed by someone allowed the label', () => {
		const { patient, mentalHealthVisit } = aPatientWithBoth();
		const trusted = aProxyFor(
			patient,
			`Ama${Math.random()}`,
			[...everything],
			['general', 'mental_health']
		);
		expect(appointmentsOf(trusted.context, now).upcoming.map((a) => a.id)).toContain(
			mentalHealthVisit.id
		);
		expect(bookableServices(trusted.context).map((s) => s.id)).toContain(mentalHealth.service.id);
		expect(cancelAppointment(trusted.context, mentalHealthVisit.id, null, now)).toEqual({
			ok: true
		});
	});

	it('stay hidden from someone who may see appointments but read no care plans', () => {
		const { patient, mentalHealthVisit, gpVisit } = aPatientWithBoth();
		const viewer = aProxyFor(patient, `Kofi${Math.random()}`, ['appointments.view'], []);
		expect(appointmentsOf(viewer.context, now).upcoming.map((a) => a.id)).toEqual([gpVisit.id]);
		expect(appointmentOf(viewer.context, mentalHealthVisit.id)).toBeUndefined();
	});
});
