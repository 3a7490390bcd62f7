import { fail, redirect } from '@sveltejs/kit';
import { requestPlaces } from '$lib/contact-requests';
import { chosen } from '$lib/server/appointments/journey';
import {
	afterWhere,
	contactStepHref,
	readContactDraft,
	requireContactAnswers,
	saveContactDraft
} from '$lib/server/requests/journey';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies }) => {
	const draft = readContactDraft(cookies);
	requireContactAnswers(draft, 'where');
	return { chosen: draft.place };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const draft = readContactDraft(cookies);
		requireContactAnswers(draft, 'where');
		const place = chosen(await request.formData(), 'place', requestPlaces);
		if (!place) {
			return fail(400, { errors: [{ field: 'place', message: 'contact.errors.placeMissing' }] });
		}
		const next = { ...draft, place: place as (typeof requestPlaces)[number] };
		saveContactDraft(cookies, url, next);
		redirect(303, contactStepHref(afterWhere(next)));
	}
};
