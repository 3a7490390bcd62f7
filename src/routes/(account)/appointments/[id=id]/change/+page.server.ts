import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { londonDate } from '$lib/time';
import { weekOfDays } from '$lib/server/appointments/availability';
import { changeDays } from '$lib/server/web/change-appointment';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { appointment, days } = await changeDays(locals, Number(params.id));
	return {
		id: appointment.id,
		changing: { service: appointment.service, startsAt: appointment.startsAt },
		...weekOfDays(days, url.searchParams.get('week'), londonDate(new Date()))
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const { appointment, days } = await changeDays(locals, Number(params.id));
		const form = parseChoice(await request.formData(), 'day', days, 'booking.errors.dayMissing');
		if (!form.ok) return formFailure(form);
		redirect(303, `/appointments/${appointment.id}/change/time?day=${form.data.day}`);
	}
};
