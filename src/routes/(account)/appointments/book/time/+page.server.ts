import { fail, redirect } from '@sveltejs/kit';
import { londonDate } from '$lib/time';
import { chosen, freeSlotsFor, stepHref, type Draft } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

function freeTimes(draft: Draft) {
	return freeSlotsFor(draft, 'time').slots.filter(
		(slot) => londonDate(slot.startsAt) === draft.day
	);
}

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const times = freeTimes(draft);
	// Taken while the person was choosing: back to the days that still have times.
	if (times.length === 0) redirect(303, stepHref('day'));
	return { times, day: times[0]!.startsAt, chosen: draft.slot };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const ids = freeTimes(draft).map((slot) => String(slot.id));
		const slot = chosen(await request.formData(), 'slot', ids);
		if (!slot)
			return fail(400, { errors: [{ field: 'slot', message: 'booking.errors.slotMissing' }] });
		bookingDraft.save(cookies, url, locals, { ...draft, slot: Number(slot) });
		redirect(303, stepHref(draft.needs === undefined ? 'needs' : 'check'));
	}
};
