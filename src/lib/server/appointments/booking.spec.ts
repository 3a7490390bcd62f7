import { eq } from 'drizzle-orm';
import type { ActingContext } from '../access/policy';
import { beforeEach, describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import { aPatient, aService } from '../test-data';
import { bookSlot, cancelAppointment, isLiveSlotConflict, rescheduleAppointment } from './booking';
import { appointmentOf, appointmentsOf, isPastCutOff } from './queries';
import { referenceAlphabet } from './reference';

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const hours = (n: number) => n * 60 * 60 * 1000;

const { location, service } = await aService();

let nextFreeHour = 24;
/** A future hour no other test has used, so tests never overlap by accident. */
const freshHour = () => (nextFreeHour += 2);

const grace = await aPatient('grace');
const samir = await aPatient('samir');

async function slotAt(startOffsetHours: number, minutes = 15) {
	const startsAt = new Date(now.getTime() + hours(startOffsetHours));
	return (
		await db
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: location.id,
				mode: 'in_person',
				startsAt,
				endsAt: new Date(startsAt.getTime() + minutes * 60_000)
			})
			.returning()
	)[0]!;
}

async function liveAppointments(slotId: number) {
	return (
		await db.select().from(tables.appointments).where(eq(tables.appointments.slotId, slotId))
	).filter((a) => a.status === 'booked');
}

async function activity(action: string) {
	return (await db.select().from(tables.activityLog)).filter((row) => row.action === action);
}

describe('booking', () => {
	let slot: Awaited<ReturnType<typeof slotAt>>;
	beforeEach(async () => {
		slot = await slotAt(freshHour());
	});

	it('books a free slot with a readable reference, and logs it', async () => {
		const result = await bookSlot(grace, { slotId: slot.id, needs: { someoneWithMe: true } }, now);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.appointment.reference).toMatch(new RegExp(`^[${referenceAlphabet}]{6}$`));
		expect(result.appointment).toMatchObject({ status: 'booked', needs: { someoneWithMe: true } });
		expect((await activity('appointment.booked')).at(-1)).toMatchObject({
			subjectPatientId: grace.subject!.patientId,
			actorUserId: grace.actor!.userId,
			via: 'self'
		});
	});

	// Hazard H-003: a double booking.
	it('books once when the same form is sent twice', async () => {
		const first = await bookSlot(
			grace,
			{ slotId: slot.id, needs: {}, bookingToken: 'token-one' },
			now
		);
		const again = await bookSlot(
			grace,
			{ slotId: slot.id, needs: {}, bookingToken: 'token-one' },
			now
		);
		expect(first.ok && again.ok && again.appointment.id === first.appointment.id).toBe(true);
		expect(await liveAppointments(slot.id)).toHaveLength(1);
	});

	// Hazard H-003: a double booking.
	it('refuses a slot someone else holds', async () => {
		expect((await bookSlot(samir, { slotId: slot.id, needs: {} }, now)).ok).toBe(true);
		expect(await bookSlot(grace, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-taken'
		});
		expect(await liveAppointments(slot.id)).toHaveLength(1);
	});

	it('refuses a past slot, a blocked slot and one that does not exist', async () => {
		const past = await slotAt(-1);
		expect(await bookSlot(grace, { slotId: past.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'in-the-past'
		});
		await db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, slot.id));
		expect(await bookSlot(grace, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-unavailable'
		});
		expect(await bookSlot(grace, { slotId: 999_999, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'slot-unavailable'
		});
	});

	// Hazard H-003: a double booking.
	it('refuses an appointment overlapping one the patient already holds', async () => {
		const hour = freshHour();
		const first = await slotAt(hour, 30);
		const overlapping = await slotAt(hour + 0.25, 30);
		expect((await bookSlot(grace, { slotId: first.id, needs: {} }, now)).ok).toBe(true);
		expect(await bookSlot(grace, { slotId: overlapping.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'overlaps'
		});
	});

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	it('lets nobody book for someone they cannot act for', async () => {
		const stranger: ActingContext = { ...samir, subject: grace.subject };
		expect(await bookSlot(stranger, { slotId: slot.id, needs: {} }, now)).toEqual({
			ok: false,
			reason: 'not-permitted'
		});
		expect(await liveAppointments(slot.id)).toHaveLength(0);
	});

	// Hazard H-003: a double booking.
	it('is guarded by the database too: a second live appointment in a slot cannot be written', async () => {
		const values = {
			patientId: grace.subject!.patientId,
			slotId: slot.id,
			bookedVia: 'self' as const
		};
		await db.insert(tables.appointments).values({ ...values, reference: 'AAAAAA' });
		await expect(
			db
				.insert(tables.appointments)
				.values({ ...values, patientId: samir.subject!.patientId, reference: 'BBBBBB' })
				.then(() => 'written')
		).rejects.toSatisfy(isLiveSlotConflict);
		// A cancelled appointment does not hold the slot.
		await db
			.update(tables.appointments)
			.set({ status: 'cancelled' })
			.where(eq(tables.appointments.reference, 'AAAAAA'));
		expect((await bookSlot(samir, { slotId: slot.id, needs: {} }, now)).ok).toBe(true);
	});
});

describe('cancelling and changing', () => {
	async function booked(offsetHours = freshHour()) {
		const slot = await slotAt(offsetHours);
		const result = await bookSlot(grace, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		return { slot, appointment: result.appointment };
	}

	// Hazard H-004: a cancellation that never reaches the service.
	it('cancels, frees the slot, and logs it without the reason typed', async () => {
		const { slot, appointment } = await booked();
		expect(
			await cancelAppointment(grace, appointment.id, 'Feeling better, thank you', now)
		).toEqual({
			ok: true
		});
		const row = (
			await db.select().from(tables.appointments).where(eq(tables.appointments.id, appointment.id))
		)[0];
		expect(row).toMatchObject({
			status: 'cancelled',
			cancellationReason: 'Feeling better, thank you'
		});
		expect(JSON.stringify(await activity('appointment.cancelled'))).not.toContain('Feeling better');
		expect((await bookSlot(samir, { slotId: slot.id, needs: {} }, now)).ok).toBe(true);
	});

	// Hazard H-004: a cancellation that never reaches the service.
	it('after the cut-off, says to phone and gives the number', async () => {
		const { appointment } = await booked(1);
		expect(await cancelAppointment(grace, appointment.id, null, now)).toEqual({
			ok: false,
			reason: 'too-late',
			phone: '020 7946 0101'
		});
	});

	// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
	it("treats another person's appointment as not there", async () => {
		const { appointment } = await booked();
		expect(await cancelAppointment(samir, appointment.id, null, now)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(
			await rescheduleAppointment(samir, appointment.id, (await slotAt(freshHour())).id, now)
		).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});

	it('moves to a new slot and frees the old one, keeping the reference', async () => {
		const { slot, appointment } = await booked();
		const later = await slotAt(freshHour());
		expect(await rescheduleAppointment(grace, appointment.id, later.id, now)).toEqual({ ok: true });
		expect((await liveAppointments(later.id)).map((a) => a.reference)).toEqual([
			appointment.reference
		]);
		expect(await liveAppointments(slot.id)).toEqual([]);
		expect((await activity('appointment.rescheduled')).at(-1)?.detail).toMatchObject({
			fromSlotId: slot.id,
			toSlotId: later.id
		});
	});

	it('changes nothing when the new slot is taken', async () => {
		const { slot, appointment } = await booked();
		const taken = await slotAt(freshHour());
		expect((await bookSlot(samir, { slotId: taken.id, needs: {} }, now)).ok).toBe(true);
		expect(await rescheduleAppointment(grace, appointment.id, taken.id, now)).toEqual({
			ok: false,
			reason: 'slot-taken'
		});
		expect((await liveAppointments(slot.id)).map((a) => a.id)).toEqual([appointment.id]);
	});

	it('may move to a time overlapping only the appointment being moved', async () => {
		const { appointment } = await booked();
		const { slot } = {
			slot: (await db.select().from(tables.slots)).find((s) => s.id === appointment.slotId)!
		};
		const shifted = (
			await db
				.insert(tables.slots)
				.values({
					serviceId: service.id,
					locationId: location.id,
					mode: 'in_person',
					startsAt: new Date(slot.startsAt.getTime() + 5 * 60_000),
					endsAt: new Date(slot.endsAt.getTime() + 5 * 60_000)
				})
				.returning()
		)[0]!;
		expect(await rescheduleAppointment(grace, appointment.id, shifted.id, now)).toEqual({
			ok: true
		});
	});
});

describe('what a person sees', () => {
	it("lists only the subject's own appointments, split into coming up and past", async () => {
		const soon = await slotAt(freshHour());
		const result = await bookSlot(samir, { slotId: soon.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		const mine = await appointmentsOf(samir, now);
		expect(mine.upcoming.map((a) => a.id)).toContain(result.appointment.id);
		expect((await appointmentsOf(grace, now)).upcoming.map((a) => a.id)).not.toContain(
			result.appointment.id
		);
		const later = new Date(soon.endsAt.getTime() + 1);
		expect((await appointmentsOf(samir, later)).past.map((a) => a.id)).toContain(
			result.appointment.id
		);
	});

	it('finds one appointment by id only for its own patient', async () => {
		const slot = await slotAt(freshHour());
		const result = await bookSlot(samir, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		expect((await appointmentOf(samir, result.appointment.id))?.reference).toBe(
			result.appointment.reference
		);
		expect(await appointmentOf(grace, result.appointment.id)).toBeUndefined();
		expect(await appointmentOf({ ...samir, via: 'proxy' }, result.appointment.id)).toBeUndefined();
	});

	it('knows when the cut-off has passed', async () => {
		const slot = await slotAt(freshHour());
		const result = await bookSlot(samir, { slotId: slot.id, needs: {} }, now);
		if (!result.ok) throw new Error(result.reason);
		const appointment = (await appointmentOf(samir, result.appointment.id))!;
		const cutOff = slot.startsAt.getTime() - 120 * 60_000;
		expect(isPastCutOff(appointment, new Date(cutOff - 1))).toBe(false);
		expect(isPastCutOff(appointment, new Date(cutOff))).toBe(true);
	});
});
