import { fail, redirect } from '@sveltejs/kit';
import { nextFreeElsewhere, placesWithFreeTimes } from '$lib/server/appointments/availability';
import { bookingWindow, needsPlace } from '$lib/server/appointments/services';
import { answersFor, chosen, stepHref, type Draft } from '$lib/server/web/booking-journey';
import { bookingDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

function choices(draft: Draft) {
	const { service, mode, from, to } = answersFor(draft, 'where');
	if (!needsPlace(mode)) redirect(303, stepHref('day'));
	return {
		service,
		mode,
		places: placesWithFreeTimes(service.id, mode, from, to)
	};
}

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = bookingDraft.read(cookies, locals);
	const { service, mode, places } = choices(draft);
	const { from, to } = bookingWindow();
	const elsewhere = places.length ? null : nextFreeElsewhere(service.id, mode, undefined, from, to);
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
		const { places } = choices(draft);
		const location = chosen(
			await request.formData(),
			'location',
			places.map((place) => String(place.id))
		);
		if (!location) {
			return fail(400, {
				errors: [{ field: 'location', message: 'booking.errors.locationMissing' }]
			});
		}
		bookingDraft.save(cookies, url, locals, {
			...draft,
			location: Number(location),
			day: undefined,
			slot: undefined
		});
		redirect(303, stepHref('day'));
	}
};
