import { fail, redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/time';
import { weekOfDays } from '$lib/server/appointments/availability';
import { changeOptions } from '$lib/server/web/change-appointment';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const { appointment, days } = changeOptions(locals, Number(params.id));
	return {
		id: appointment.id,
		changing: { service: appointment.service, startsAt: appointment.startsAt },
		...weekOfDays(days, url.searchParams.get('week'), londonDate(new Date()))
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const { appointment, days } = changeOptions(locals, Number(params.id));
		const day = (await request.formData()).get('day');
		if (typeof day !== 'string' || !days.includes(day)) {
			return fail(400, { errors: [{ field: 'day', message: 'booking.errors.dayMissing' }] });
		}
		redirect(303, `/appointments/${appointment.id}/change/time?day=${day}`);
	}
};
