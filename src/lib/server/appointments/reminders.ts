// The day-before reminders: each appointment tomorrow (London time) gets one message, sent by the
// message worker (messages/worker.ts), which runs this sweep every so often.
import { addDays, londonDate, londonTime } from '$lib/time';
import { database } from '../db';
import { queueAppointmentMessage } from '../messages/outbox';
import { bookedAppointmentsStarting } from './queries';

/**
 * Queues a reminder for each appointment tomorrow (London time). Appointments booked today are
 * left out: their confirmation has only just been sent. How many were queued (one already
 * queued for the same appointment at the same time is not queued again).
 */
export function queueDueReminders(now = new Date()): number {
	const today = londonDate(now);
	const tomorrow = bookedAppointmentsStarting(
		londonTime(addDays(today, 1), '00:00'),
		londonTime(addDays(today, 2), '00:00'),
		londonTime(today, '00:00')
	);
	let queued = 0;
	for (const appointment of tomorrow) {
		const added = database().transaction((tx) =>
			queueAppointmentMessage(tx, 'appointment.reminder', appointment, now)
		);
		if (added) queued++;
	}
	return queued;
}
