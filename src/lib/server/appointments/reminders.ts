// The day-before reminders: each appointment tomorrow (London time) gets one message, sent by the
// message worker (messages/worker.ts), which runs this sweep every so often.
import { sql } from 'drizzle-orm';
import { addDays, londonDate, londonTime } from '$lib/time';
import { database, tables } from '../db';
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
export function appointmentsDueReminder(now = new Date()) {
	const today = londonDate(now);
	return bookedAppointmentsStarting(
		londonTime(addDays(today, 1), '00:00'),
		londonTime(addDays(today, 2), '00:00'),
		londonTime(today, '00:00'),
		notRemindedYet
	);
}

/**
 * Queues a reminder for each appointment tomorrow not yet reminded of; how many were queued (one
 * queued meanwhile for the same appointment at the same time is not queued again).
 */
export function queueDueReminders(now = new Date()): number {
	let queued = 0;
	for (const appointment of appointmentsDueReminder(now)) {
		const added = database().transaction((tx) =>
			queueAppointmentMessage(tx, 'appointment.reminder', appointment, now)
		);
		if (added) queued++;
	}
	return queued;
}
