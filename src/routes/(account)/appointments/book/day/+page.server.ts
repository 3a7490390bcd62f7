import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { londonDate } from '$lib/time';
import { nextFreeElsewhere, weekOfDays } from '$lib/server/appointments/availability';
import { bookingWindow } from '$lib/server/appointments/services';
import { freeDaysFor, stepHref } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, days } = await freeDaysFor(draft, 'day');
	const { from, to } = bookingWindow();
	const elsewhere =
		days.length > 0
			? null
			: await nextFreeElsewhere(service.id, draft.mode!, draft.location, from, to);
	return {
		...weekOfDays(days, url.searchParams.get('week'), londonDate(new Date())),
		chosen: draft.day,
		back: stepHref(draft.location === undefined ? 'how' : 'where'),
		phone: service.phone,
		elsewhere: elsewhere ? { startsAt: elsewhere.startsAt, mode: elsewhere.mode } : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const { days } = await freeDaysFor(draft, 'day');
		const form = parseChoice(await request.formData(), 'day', days, 'booking.errors.dayMissing');
		if (!form.ok) return formFailure(form);
		bookingDraft.save(cookies, url, locals, { ...draft, day: form.data.day, slot: undefined });
		redirect(303, stepHref('time'));
	}
};
