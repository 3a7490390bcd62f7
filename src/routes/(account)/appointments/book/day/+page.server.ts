import { fail, redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/time';
import { nextFreeElsewhere, weekOfDays } from '$lib/server/appointments/availability';
import { bookingWindow } from '$lib/server/appointments/services';
import { freeSlotsFor, stepHref, type Draft } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

function freeDays(draft: Draft) {
	const { service, slots } = freeSlotsFor(draft, 'day');
	return { service, days: [...new Set(slots.map((slot) => londonDate(slot.startsAt)))] };
}

export const load: PageServerLoad = ({ cookies, url, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, days } = freeDays(draft);
	const { from, to } = bookingWindow();
	const elsewhere =
		days.length > 0 ? null : nextFreeElsewhere(service.id, draft.mode!, draft.location, from, to);
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
		const { days } = freeDays(draft);
		const day = (await request.formData()).get('day');
		if (typeof day !== 'string' || !days.includes(day)) {
			return fail(400, { errors: [{ field: 'day', message: 'booking.errors.dayMissing' }] });
		}
		bookingDraft.save(cookies, url, locals, { ...draft, day, slot: undefined });
		redirect(303, stepHref('time'));
	}
};
