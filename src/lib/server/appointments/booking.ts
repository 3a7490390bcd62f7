// Booking, cancelling and changing appointments: the rules that hold under load. Every
// read-then-write runs in one immediate transaction, and the database itself refuses a second
// live appointment in a slot (a partial unique index), whatever the code does.
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { may, mayAppointment, type ActingContext } from '../access/policy';
import { recordActivity } from '../audit';
import {
	database,
	isUniqueViolation,
	tables,
	transaction,
	type Executor,
	type Transaction
} from '../db';
import type { AppointmentNeeds } from '../db/schema';
import { queueAppointmentMessage } from '../messages/outbox';
import { withdrawReminders } from '../messages/queue';
import { appointmentToTell } from './queries';
import { unusedReference } from './reference';

const { appointments, services, slots } = tables;

export type BookingFailure =
	'not-permitted' | 'slot-unavailable' | 'slot-taken' | 'in-the-past' | 'overlaps';

export type ChangeFailure = BookingFailure | 'not-found' | 'not-booked' | 'too-late';

type Appointment = typeof appointments.$inferSelect;
type Slot = typeof slots.$inferSelect;

/** Why this slot cannot be booked for the patient now, or null if it can. */
async function slotProblem(
	tx: Transaction,
	slot: Slot | undefined,
	patientId: number,
	now: Date,
	ignoreAppointmentId?: number
): Promise<BookingFailure | null> {
	if (!slot || slot.blocked) return 'slot-unavailable';
	if (slot.startsAt.getTime() <= now.getTime()) return 'in-the-past';
	const live = (
		await tx
			.select({ id: appointments.id })
			.from(appointments)
			.where(and(eq(appointments.slotId, slot.id), eq(appointments.status, 'booked')))
	)[0];
	if (live) return 'slot-taken';
	const overlapping = (
		await tx
			.select({ id: appointments.id })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.where(
				and(
					eq(appointments.patientId, patientId),
					eq(appointments.status, 'booked'),
					lt(slots.startsAt, slot.endsAt),
					gt(slots.endsAt, slot.startsAt),
					ignoreAppointmentId === undefined ? undefined : ne(appointments.id, ignoreAppointmentId)
				)
			)
	)[0];
	return overlapping ? 'overlaps' : null;
}

/** The service a slot is in, with its label. */
async function serviceOfSlot(tx: Transaction, slotId: number) {
	return (
		await tx
			.select({ label: services.label })
			.from(slots)
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(eq(slots.id, slotId))
	)[0];
}

/** The database refused a second live appointment in a slot: someone else took it just now. */
export function isLiveSlotConflict(error: unknown): boolean {
	return isUniqueViolation(error, {
		index: 'appointments_one_live_per_slot',
		columns: 'appointments.slot_id'
	});
}

export type BookingResult =
	{ ok: true; appointment: Appointment } | { ok: false; reason: BookingFailure };

export async function bookSlot(
	context: ActingContext,
	request: { slotId: number; needs: AppointmentNeeds; bookingToken?: string },
	now = new Date()
): Promise<BookingResult> {
	const { subject } = context;
	if (!subject || !may(context, 'appointments.manage'))
		return { ok: false, reason: 'not-permitted' };
	try {
		return await transaction(
			async (tx) => {
				// The same form sent twice (a double press on a slow connection) books once.
				const earlier = request.bookingToken
					? await appointmentBookedWith(tx, subject.patientId, request.bookingToken)
					: undefined;
				if (earlier) return { ok: true, appointment: earlier } as const;
				// A service whose label the actor may not know of is not theirs to book.
				const service = await serviceOfSlot(tx, request.slotId);
				if (service && !mayAppointment(context, 'appointments.manage', service))
					return { ok: false, reason: 'not-permitted' } as const;
				return await placeBooking(tx, { ...context, subject }, request, now);
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		if (isLiveSlotConflict(error)) return { ok: false, reason: 'slot-taken' };
		throw error;
	}
}

/**
 * Books a slot for the subject inside the caller's immediate transaction, once the caller has
 * decided the actor may (a person booking, or staff arranging a request): the slot's rules, the
 * activity log and the confirmation are the same either way.
 */
export async function placeBooking(
	tx: Transaction,
	context: ActingContext & { subject: NonNullable<ActingContext['subject']> },
	request: {
		slotId: number;
		needs: AppointmentNeeds;
		bookingToken?: string;
		/** Send the booking's own confirmation; false when the caller's message names it. */
		confirm?: boolean;
	},
	now: Date
): Promise<BookingResult> {
	const slot = (await tx.select().from(slots).where(eq(slots.id, request.slotId)))[0];
	const problem = await slotProblem(tx, slot, context.subject.patientId, now);
	if (problem) return { ok: false, reason: problem };
	const appointment = (
		await tx
			.insert(appointments)
			.values({
				reference: await freeReference(tx),
				patientId: context.subject.patientId,
				slotId: request.slotId,
				needs: request.needs,
				bookingToken: request.bookingToken ?? null,
				bookedByUserId: context.actor?.userId ?? null,
				bookedVia: context.via
			})
			.returning()
	)[0]!;
	await recordActivity(tx, context, 'appointment.booked', {
		reference: appointment.reference,
		slotId: request.slotId
	});
	if (request.confirm !== false) {
		await tell(tx, 'appointment.booked', appointment.id, now);
	}
	return { ok: true, appointment };
}

/** Tells the patient about their appointment as it now is (inside the change's transaction). */
async function tell(
	tx: Transaction,
	kind: 'appointment.booked' | 'appointment.cancelled' | 'appointment.rescheduled',
	appointmentId: number,
	now: Date
): Promise<void> {
	const appointment = await appointmentToTell(appointmentId);
	if (appointment) await queueAppointmentMessage(tx, kind, appointment, now);
}

async function appointmentBookedWith(db: Executor, patientId: number, bookingToken: string) {
	return (
		await db
			.select()
			.from(appointments)
			.where(
				and(eq(appointments.bookingToken, bookingToken), eq(appointments.patientId, patientId))
			)
	)[0];
}

/** The appointment a check-your-answers form already booked, if it was sent before. */
export async function earlierBooking(
	context: ActingContext,
	bookingToken: string
): Promise<Appointment | undefined> {
	const { subject } = context;
	if (!subject || !may(context, 'appointments.manage')) return undefined;
	return await appointmentBookedWith(database(), subject.patientId, bookingToken);
}

/** A reference no appointment holds yet. */
function freeReference(tx: Transaction): Promise<string> {
	return unusedReference(async (reference) =>
		Boolean(
			(
				await tx
					.select({ id: appointments.id })
					.from(appointments)
					.where(eq(appointments.reference, reference))
			)[0]
		)
	);
}

/** The subject's live appointment with its slot and service, checked for the cut-off. */
async function changeableAppointment(
	tx: Transaction,
	context: ActingContext,
	appointmentId: number,
	now: Date
): Promise<
	| { ok: true; appointment: Appointment; slot: Slot }
	| { ok: false; reason: ChangeFailure; phone?: string }
> {
	const { subject } = context;
	if (!subject || !may(context, 'appointments.manage'))
		return { ok: false, reason: 'not-permitted' };
	const row = (
		await tx
			.select({ appointment: appointments, slot: slots, service: services })
			.from(appointments)
			.innerJoin(slots, eq(appointments.slotId, slots.id))
			.innerJoin(services, eq(slots.serviceId, services.id))
			.where(and(eq(appointments.id, appointmentId), eq(appointments.patientId, subject.patientId)))
	)[0];
	// Another person's appointment does not exist, as far as this person can tell; nor does one
	// with a service whose label they may not know of.
	if (!row || !mayAppointment(context, 'appointments.manage', row.service))
		return { ok: false, reason: 'not-found' };
	if (row.appointment.status !== 'booked') return { ok: false, reason: 'not-booked' };
	const cutOff = row.slot.startsAt.getTime() - row.service.cancellationCutoffMinutes * 60_000;
	if (now.getTime() >= cutOff) return { ok: false, reason: 'too-late', phone: row.service.phone };
	return { ok: true, appointment: row.appointment, slot: row.slot };
}

export async function cancelAppointment(
	context: ActingContext,
	appointmentId: number,
	reason: string | null,
	now = new Date()
): Promise<{ ok: true } | { ok: false; reason: ChangeFailure; phone?: string }> {
	return await transaction(
		async (tx) => {
			const found = await changeableAppointment(tx, context, appointmentId, now);
			if (!found.ok) return found;
			await tx
				.update(appointments)
				.set({ status: 'cancelled', cancelledAt: now, cancellationReason: reason })
				.where(eq(appointments.id, appointmentId));
			// The reason is the patient's own words: it stays on the appointment, not in the log.
			await recordActivity(tx, context, 'appointment.cancelled', {
				reference: found.appointment.reference,
				slotId: found.slot.id
			});
			await withdrawReminders(tx, appointmentId);
			await tell(tx, 'appointment.cancelled', appointmentId, now);
			return { ok: true } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Moves an appointment to another slot: the new one is held and the old one freed together. */
export async function rescheduleAppointment(
	context: ActingContext,
	appointmentId: number,
	newSlotId: number,
	now = new Date()
): Promise<{ ok: true } | { ok: false; reason: ChangeFailure; phone?: string }> {
	try {
		return await transaction(
			async (tx) => {
				const found = await changeableAppointment(tx, context, appointmentId, now);
				if (!found.ok) return found;
				const newSlot = (await tx.select().from(slots).where(eq(slots.id, newSlotId)))[0];
				const newService = await serviceOfSlot(tx, newSlotId);
				if (newService && !mayAppointment(context, 'appointments.manage', newService))
					return { ok: false, reason: 'not-permitted' } as const;
				const problem = await slotProblem(
					tx,
					newSlot,
					found.appointment.patientId,
					now,
					appointmentId
				);
				if (problem) return { ok: false, reason: problem } as const;
				await tx
					.update(appointments)
					.set({ slotId: newSlotId })
					.where(eq(appointments.id, appointmentId));
				await recordActivity(tx, context, 'appointment.rescheduled', {
					reference: found.appointment.reference,
					fromSlotId: found.slot.id,
					toSlotId: newSlotId
				});
				await withdrawReminders(tx, appointmentId);
				await tell(tx, 'appointment.rescheduled', appointmentId, now);
				return { ok: true } as const;
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		if (isLiveSlotConflict(error)) return { ok: false, reason: 'slot-taken' };
		throw error;
	}
}
