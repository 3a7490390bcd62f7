// Choosing a new time for an appointment: the same service, way and place, from the free times.
import { error, redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/time';
import type { ActingContext } from '../access/policy';
import { freeSlots } from '../appointments/availability';
import { bookingWindow } from '../appointments/services';
import { manageableAppointmentOf, isPastCutOff } from '../appointments/queries';

/** The appointment and its free alternatives; away to its page when it cannot change online. */
export function changeOptions(context: ActingContext, appointmentId: number) {
	const appointment = manageableAppointmentOf(context, appointmentId);
	if (!appointment) error(404, 'not found');
	if (appointment.status !== 'booked' || isPastCutOff(appointment)) {
		redirect(303, `/appointments/${appointment.id}`);
	}
	const { from, to } = bookingWindow();
	const free = freeSlots({
		serviceId: appointment.serviceId,
		mode: appointment.mode,
		locationId: appointment.locationId,
		from,
		to
	});
	return { appointment, free, days: [...new Set(free.map((slot) => londonDate(slot.startsAt)))] };
}
