// Choosing a new time for an appointment: the same service, way and place, from the free times.
import { error, redirect } from '@sveltejs/kit';
import { isCalendarDate } from '$lib/time';
import type { ActingContext } from '../access/policy';
import { daysWithFreeTimes, freeSlotsOn } from '../appointments/availability';
import { bookingWindow } from '../appointments/services';
import { manageableAppointmentOf, isPastCutOff } from '../appointments/queries';

/**
 * The appointment and where its free alternatives are (its diary in the booking window); away to
 * its page when it cannot change online.
 */
async function changeableAppointment(context: ActingContext, appointmentId: number) {
	const appointment = await manageableAppointmentOf(context, appointmentId);
	if (!appointment) error(404, 'not found');
	if (appointment.status !== 'booked' || isPastCutOff(appointment)) {
		redirect(303, `/appointments/${appointment.id}`);
	}
	const { from, to } = bookingWindow();
	const diary = {
		serviceId: appointment.serviceId,
		mode: appointment.mode,
		locationId: appointment.locationId,
		from,
		to
	};
	return { appointment, diary };
}

/** The appointment and the days it could move to. */
export async function changeDays(context: ActingContext, appointmentId: number) {
	const { appointment, diary } = await changeableAppointment(context, appointmentId);
	return { appointment, days: await daysWithFreeTimes(diary) };
}

/** The appointment and the free times it could move to on one day (none for no real date). */
export async function changeTimesOn(
	context: ActingContext,
	appointmentId: number,
	day: string | null
) {
	const { appointment, diary } = await changeableAppointment(context, appointmentId);
	const times = day !== null && isCalendarDate(day) ? await freeSlotsOn(diary, day) : [];
	return { appointment, times };
}
