import { fail, redirect } from '@sveltejs/kit';
import { addDays, londonDate } from '$lib/time';
import { nextFreeElsewhere } from '$lib/server/appointments/availability';
import {
	bookingWindow,
	freeSlotsFor,
	stepHref,
	type Draft
} from '$lib/server/appointments/journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const weeks = 4;

function freeDays(draft: Draft) {
	const { service, slots } = freeSlotsFor(draft, 'day');
	return { service, days: [...new Set(slots.map((slot) => londonDate(slot.startsAt)))] };
}

export const load: PageServerLoad = ({ cookies, url, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, days } = freeDays(draft);
	const week = Math.min(Math.max(Number(url.searchParams.get('week')) || 0, 0), weeks - 1);
	const today = londonDate(new Date());
	const weekStart = addDays(today, week * 7);
	const weekEnd = addDays(weekStart, 7);
	const { from, to } = bookingWindow();
	const elsewhere =
		days.length > 0 ? null : nextFreeElsewhere(service.id, draft.mode!, draft.location, from, to);
	return {
		days: days.filter((day) => day >= weekStart && day < weekEnd),
		anyDays: days.length > 0,
		week,
		weeks,
		weekStart,
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
