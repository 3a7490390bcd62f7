import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { freeTimesFor, stepHref } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const times = await freeTimesFor(draft, 'time');
	// Taken while the person was choosing: back to the days that still have times.
	if (times.length === 0) redirect(303, stepHref('day'));
	return { times, day: times[0]!.startsAt, chosen: draft.slot };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const ids = (await freeTimesFor(draft, 'time')).map((slot) => slot.id);
		const form = parseChoice(await request.formData(), 'slot', ids, 'booking.errors.slotMissing');
		if (!form.ok) return formFailure(form);
		bookingDraft.save(cookies, url, locals, { ...draft, slot: form.data.slot });
		redirect(303, stepHref(draft.needs === undefined ? 'needs' : 'check'));
	}
};
