// The day-before reminders: each appointment tomorrow (London time) gets one message, sent by the
// message worker (messages/worker.ts), which runs this sweep every so often.
import { sql } from 'drizzle-orm';
import { addDays, londonDate, londonTime } from '$lib/time';
import { tables, transaction } from '../db';
import { queueAppointmentMessage } from '../messages/outbox';
import { bookedAppointmentsStarting } from './queries';

const { appointments, outbox, slots } = tables;

/**
 * No reminder queued yet for the appointment at its time: the key `reminderKey` (outbox.ts) gives
 * it, built in SQL. Without it every sweep wrote every one of tomorrow's reminders again, only for
 * the outbox to refuse it: across an ICS, tens of thousands of messages written every few minutes.
 */
const notRemindedYet = sql`not exists (select 1 from ${outbox} where ${outbox.dedupeKey} = 'reminder:' || ${appointments.id} || ':' || ${slots.startsAt})`;

/**
 * The appointments tomorrow (London time) still to be reminded of. Appointments booked today are
 * left out: their confirmation has only just been sent.
 */
export async function appointmentsDueReminder(now = new Date()) {
	const today = londonDate(now);
	return await bookedAppointmentsStarting(
		londonTime(addDays(today, 1), '00:00'),
		londonTime(addDays(today, 2), '00:00'),
		londonTime(today, '00:00'),
		notRemindedYet
	);
}

/**
 * How many reminders are queued before the sweep lets the server answer requests again. Each is
 * its own short transaction, but a loop over them all holds the one thread: an ICS has thousands
 * of appointments a day, and the first sweep after a start reads them from a cold disk (seconds).
 */
const remindersPerStep = 50;

/**
 * Queues a reminder for each appointment tomorrow not yet reminded of, a few at a time; how many
 * were queued (one queued meanwhile for the same appointment at the same time is not queued
 * again). Stops early when `stopping` says so: the rest are queued by the next start's sweep.
 */
export async function queueDueReminders(
	now = new Date(),
	stopping: () => boolean = () => false
): Promise<number> {
	let queued = 0;
	let seen = 0;
	for (const appointment of await appointmentsDueReminder(now)) {
		if (stopping()) break;
		const added = await transaction(
			async (tx) => await queueAppointmentMessage(tx, 'appointment.reminder', appointment, now)
		);
		if (added) queued++;
		if (++seen % remindersPerStep === 0) await new Promise((resolve) => setImmediate(resolve));
	}
	return queued;
}
