import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { nextFreeElsewhere, placesWithFreeTimes } from '$lib/server/appointments/availability';
import { bookingWindow, needsPlace } from '$lib/server/appointments/services';
import { answersFor, stepHref, type Draft } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

async function choices(draft: Draft) {
	const { service, mode, from, to } = await answersFor(draft, 'where');
	if (!needsPlace(mode)) redirect(303, stepHref('day'));
	return {
		service,
		mode,
		places: await placesWithFreeTimes(service.id, mode, from, to)
	};
}

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, mode, places } = await choices(draft);
	const { from, to } = bookingWindow();
	const elsewhere = places.length
		? null
		: await nextFreeElsewhere(service.id, mode, undefined, from, to);
	return {
		places,
		chosen: draft.location,
		phone: service.phone,
		elsewhere: elsewhere ? { startsAt: elsewhere.startsAt, mode: elsewhere.mode } : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = bookingDraft.read(cookies, locals);
		const { places } = await choices(draft);
		const form = parseChoice(
			await request.formData(),
			'location',
			places.map((place) => place.id),
			'booking.errors.locationMissing'
		);
		if (!form.ok) return formFailure(form);
		bookingDraft.save(cookies, url, locals, {
			...draft,
			location: form.data.location,
			day: undefined,
			slot: undefined
		});
		redirect(303, stepHref('day'));
	}
};
