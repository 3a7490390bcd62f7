import { fail, redirect } from '@sveltejs/kit';
import { contactDraft } from '$lib/server/web/journeys';
import type { Cookies } from '@sveltejs/kit';
import type { RequestPlace } from '$lib/contact-requests';
import { chosen } from '$lib/server/web/booking-journey';
import {
	afterWhere,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/web/contact-journey';
import { placesFor, servicesFor } from '$lib/server/requests/choices';
import type { Actions, PageServerLoad } from './$types';

/** The answers so far, and the places the chosen service can meet. */
function answers(cookies: Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'where', locals);
	const service = servicesFor(locals, draft.topic!).find((s) => s.id === draft.service);
	if (!service) redirect(303, contactStepHref('who'));
	return { draft, places: placesFor(service.modes) };
}

export const load: PageServerLoad = ({ cookies, locals }) => {
	const { draft, places } = answers(cookies, locals);
	return { places, chosen: draft.place };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const { draft, places } = answers(cookies, locals);
		const place = chosen(await request.formData(), 'place', places);
		if (!place) {
			return fail(400, { errors: [{ field: 'place', message: 'contact.errors.placeMissing' }] });
		}
		const next = { ...draft, place: place as RequestPlace };
		contactDraft.save(cookies, url, locals, next);
		redirect(303, contactStepHref(afterWhere(next)));
	}
};
