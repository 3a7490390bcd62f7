import { fail, redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/time';
import { rescheduleAppointment } from '$lib/server/appointments/booking';
import { changeOptions } from '$lib/server/web/change-appointment';
import type { Actions, PageServerLoad } from './$types';

function timesOn(locals: App.Locals, id: number, day: string | null) {
	const { appointment, free } = changeOptions(locals, id);
	const times = free.filter((slot) => londonDate(slot.startsAt) === day);
	if (times.length === 0) redirect(303, `/appointments/${appointment.id}/change`);
	return { appointment, times };
}

export const load: PageServerLoad = ({ locals, params, url }) => {
	const { appointment, times } = timesOn(locals, Number(params.id), url.searchParams.get('day'));
	return {
		id: appointment.id,
		changing: { service: appointment.service, startsAt: appointment.startsAt },
		day: times[0]!.startsAt,
		times
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const { appointment, times } = timesOn(locals, Number(params.id), url.searchParams.get('day'));
		const slotId = Number((await request.formData()).get('slot'));
		if (!times.some((slot) => slot.id === slotId)) {
			return fail(400, { errors: [{ field: 'slot', message: 'booking.errors.slotMissing' }] });
		}
		const result = rescheduleAppointment(locals, appointment.id, slotId);
		if (result.ok) redirect(303, `/appointments/${appointment.id}?changed`);
		if (result.reason === 'slot-taken') {
			return fail(409, { errors: [{ field: 'slot', message: 'booking.takenTitle' }] });
		}
		if (result.reason === 'overlaps') {
			return fail(409, { errors: [{ field: 'slot', message: 'booking.errors.overlaps' }] });
		}
		// Too late, cancelled meanwhile, or no longer theirs: the appointment's page says which.
		redirect(303, `/appointments/${appointment.id}`);
	}
};
