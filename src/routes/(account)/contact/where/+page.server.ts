import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { contactDraft } from '$lib/server/web/journeys';
import type { Cookies } from '@sveltejs/kit';
import {
	afterWhere,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/web/contact-journey';
import { placesFor, servicesFor } from '$lib/server/requests/choices';
import type { Actions, PageServerLoad } from './$types';

/** The answers so far, and the places the chosen service can meet. */
async function answers(cookies: Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'where', locals);
	const service = (await servicesFor(locals, draft.topic!)).find((s) => s.id === draft.service);
	if (!service) redirect(303, contactStepHref('who'));
	return { draft, places: placesFor(service.modes) };
}

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const { draft, places } = await answers(cookies, locals);
	return { places, chosen: draft.place };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const { draft, places } = await answers(cookies, locals);
		const form = parseChoice(
			await request.formData(),
			'place',
			places,
			'contact.errors.placeMissing'
		);
		if (!form.ok) return formFailure(form);
		const next = { ...draft, place: form.data.place };
		contactDraft.save(cookies, url, locals, next);
		redirect(303, contactStepHref(afterWhere(next)));
	}
};
