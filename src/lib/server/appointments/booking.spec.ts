import { eq } from 'drizzle-orm';
import type { ActingContext } from '../access/policy';
import { beforeEach, describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, aService } from '../test-data';
import { bookSlot, cancelAppointment, rescheduleAppointment } from './booking';
import { appointmentOf, appointmentsOf, isPastCutOff } from './queries';
import { referenceAlphabet } from './reference';

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const hours = (n: number) => n * 60 * 60 * 1000;

const { location, service } = aService();

let nextFreeHour = 24;
/** A future hour no other test has used, so tests never overlap by accident. */
const freshHour = () => (nextFreeHour += 2);

const grace = aPatient('grace');
const samir = aPatient('samir');

function slotAt(startOffsetHours: number, minutes = 15) {
	const startsAt = new Date(now.getTime() + hours(startOffsetHours));
	return db
		.insert(tables.slots)
		.values({
			serviceId: service.id,
			locationId: location.id,
			mode: 'in_person',
			startsAt,
			endsAt: new Date(startsAt.getTime() + minutes * 60_000)
		})
		.returning()
		.get();
}

function liveAppointments(slotId: number) {
	return db
		.select()
		.from(tables.appointments)
		.where(eq(tables.appointments.slotId, slotId))
		.all()
		.filter((a) => a.status === 'booked');
}

function activity(action: string) {
	return db
		.select()
		.from(tables.activityLog)
		.all()
		.filter((row) => row.action === action);
}

describe('booking', () => {
	let slot: ReturnType<typeof slotAt>;
	beforeEach(() => {
		slot = slotAt(freshHour());
	});

	it('books a free slot with a readable reference, and logs it', () => {
		const result = bookSlot(grace, { slotId: slot.id, needs: { someoneWithMe: true } }, now);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.appointment.reference).toMatch(new RegExp(`^[${referenceAlphabet}]{6}$`));
		expect(result.appointment).toMatchObject({ status: 'booked', needs: { someoneWithMe: true } });
		expect(activity('appointment.booked').at(-1)).toMatchObject({
			subjectPatientId: grace.subject!.patientId,
			actorUserId: grace.actor!.userId,
			via: 'self'
		});
	});

	// Hazard H-003: a double booking.
	it('books once when the same form is sent twice', () => {
		const first = bookSlot(grace, { slotId: slot.id, needs: {}, bookingToken: 'token-one' }, now);
		const again = bookSlot(grace, { slotId: slot.id, needs: {}, bookingToken: 'token-one' }, now);
		expect(first.ok && again.ok && again.appointment.id === first.appointment.id).toBe(true);
		expect(liveAppointments(slot.id)).toHaveLength(1);
	});

	// Hazard H-003: a double booking.
	it('refuses a slot someone else holds', () => {
		expect(bookSlot(samir, { slotId: slot.id, needs: {} }, now).ok).toBe(true);
		expect(bookSlot(grace, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-taken'
		});
		expect(liveAppointments(slot.id)).toHaveLength(1);
	});

	it('refuses a past slot, a blocked slot and one that does not exist', () => {
		const past = slotAt(-1);
		expect(bookSlot(grace, { slotId: past.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'in-the-past'
		});
		db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, slot.id)).run();
		expect(bookSlot(grace, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-unavailable'
		});
		expect(bookSlot(grace, { slotId: 999_999, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-unavailable'
		});
	});

	// Hazard H-003: a double booking.
	it('refuses an appointment overlapping one the patient already holds', () => {
		const hour = freshHour();
		const first = slotAt(hour, 30);
		const overlapping = slotAt(hour + 0.25, 30);
		expect(bookSlot(grace, { slotId: first.id, needs: {} }, now).ok).toBe(true);
		expect(bookSlot(grace, { slotId: overlapping.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'overlaps'
		});
	});

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	it('lets nobody book for someone they cannot act for', () => {
		const stranger: ActingContext = { ...samir, subject: grace.subject };
		expect(bookSlot(stranger, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect(liveAppointments(slot.id)).toHaveLength(0);
	});

	// Hazard H-003: a double booking.
	it('is guarded by the database too: a second live appointment in a slot cannot be written', () => {
		const values = {
			patientId: grace.subject!.patientId,
			slotId: slot.id,
			bookedVia: 'self' as const
		};
		db.insert(tables.appointments)
			.values({ ...values, reference: 'AAAAAA' })
			.run();
		expect(() =>
			db
				.insert(tables.appointments)
				.values({ ...values, patientId: samir.subject!.patientId, reference: 'BBBBBB' })
				.run()
		).toThrow(/UNIQUE/);
		// A cancelled appointment does not hold the slot.
		db.update(tables.appointments)
			.set({ status: 'cancelled' })
			.where(eq(tables.appointments.reference, 'AAAAAA'))
			.run();
		expect(bookSlot(samir, { slotId: slot.id, needs: {} }, now).ok).toBe(true);
	});
});

describe('cancelling and changing', () => {
	function booked(offsetHours = freshHour()) {
		const slot = slotAt(offsetHours);
		const result = bookSlot(grace, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		return { slot, appointment: result.appointment };
	}

	// Hazard H-004: a cancellation that never reaches the service.
	it('cancels, frees the slot, and logs it without the reason typed', () => {
		const { slot, appointment } = booked();
		expect(cancelAppointment(grace, appointment.id, 'Feeling better, thank you', now)).toEqual({
			ok: true
		});
		const row = db
			.select()
			.from(tables.appointments)
			.where(eq(tables.appointments.id, appointment.id))
			.get();
		expect(row).toMatchObject({
			status: 'cancelled',
			cancellationReason: 'Feeling better, thank you'
		});
		expect(JSON.stringify(activity('appointment.cancelled'))).not.toContain('Feeling better');
		expect(bookSlot(samir, { slotId: slot.id, needs: {} }, now).ok).toBe(true);
	});

	// Hazard H-004: a cancellation that never reaches the service.
	it('after the cut-off, says to phone and gives the number', () => {
		const { appointment } = booked(1);
		expect(cancelAppointment(grace, appointment.id, null, now)).toEqual({
			ok: false,
			reason: 'too-late',
			phone: '020 7946 0101'
		});
	});

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	it("treats another person's appointment as not there", () => {
		const { appointment } = booked();
		expect(cancelAppointment(samir, appointment.id, null, now)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(rescheduleAppointment(samir, appointment.id, slotAt(freshHour()).id, now)).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('moves to a new slot and frees the old one, keeping the reference', () => {
		const { slot, appointment } = booked();
		const later = slotAt(freshHour());
		expect(rescheduleAppointment(grace, appointment.id, later.id, now)).toEqual({ ok: true });
		expect(liveAppointments(later.id).map((a) => a.reference)).toEqual([appointment.reference]);
		expect(liveAppointments(slot.id)).toEqual([]);
		expect(activity('appointment.rescheduled').at(-1)?.detail).toMatchObject({
			fromSlotId: slot.id,
			toSlotId: later.id
		});
	});

	it('changes nothing when the new slot is taken', () => {
		const { slot, appointment } = booked();
		const taken = slotAt(freshHour());
		expect(bookSlot(samir, { slotId: taken.id, needs: {} }, now).ok).toBe(true);
		expect(rescheduleAppointment(grace, appointment.id, taken.id, now)).toEqual({
			ok: false,
			reason: 'slot-taken'
		});
		expect(liveAppointments(slot.id).map((a) => a.id)).toEqual([appointment.id]);
	});

	it('may move to a time overlapping only the appointment being moved', () => {
		const { appointment } = booked();
		const { slot } = {
			slot: db
				.select()
				.from(tables.slots)
				.all()
				.find((s) => s.id === appointment.slotId)!
		};
		const shifted = db
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: location.id,
				mode: 'in_person',
				startsAt: new Date(slot.startsAt.getTime() + 5 * 60_000),
				endsAt: new Date(slot.endsAt.getTime() + 5 * 60_000)
			})
			.returning()
			.get();
		expect(rescheduleAppointment(grace, appointment.id, shifted.id, now)).toEqual({ ok: true });
	});
});

describe('what a person sees', () => {
	it("lists only the subject's own appointments, split into coming up and past", () => {
		const soon = slotAt(freshHour());
		const result = bookSlot(samir, { slotId: soon.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		const mine = appointmentsOf(samir, now);
		expect(mine.upcoming.map((a) => a.id)).toContain(result.appointment.id);
		expect(appointmentsOf(grace, now).upcoming.map((a) => a.id)).not.toContain(
			result.appointment.id
		);
		const later = new Date(soon.endsAt.getTime() + 1);
		expect(appointmentsOf(samir, later).past.map((a) => a.id)).toContain(result.appointment.id);
	});

	it('finds one appointment by id only for its own patient', () => {
		const slot = slotAt(freshHour());
		const result = bookSlot(samir, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		expect(appointmentOf(samir, result.appointment.id)?.reference).toBe(
			result.appointment.reference
		);
		expect(appointmentOf(grace, result.appointment.id)).toBeUndefined();
		expect(appointmentOf({ ...samir, via: 'proxy' }, result.appointment.id)).toBeUndefined();
	});

	it('knows when the cut-off has passed', () => {
		const slot = slotAt(freshHour());
		const result = bookSlot(samir, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		const appointment = appointmentOf(samir, result.appointment.id)!;
		const cutOff = slot.startsAt.getTime() - 120 * 60_000;
		expect(isPastCutOff(appointment, new Date(cutOff - 1))).toBe(false);
		expect(isPastCutOff(appointment, new Date(cutOff))).toBe(true);
	});
});
