import { error, redirect } from '@sveltejs/kit';
import { mayAssist, mayInPerson } from '$lib/server/access/policy';
import { registerResident } from '$lib/server/assist/assist';
import { newResident } from '$lib/server/assist/forms';
import { takeResidentSearch } from '$lib/server/assist/resident-search';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayInPerson(locals.actor, 'residents.register')) error(403, 'forbidden');
};

export const actions: Actions = {
	default: async ({ locals, request, getClientAddress }) => {
		if (!mayInPerson(locals.actor, 'residents.register') || !locals.session) {
			error(403, 'forbidden');
		}
		const form = parseForm(newResident, await request.formData());
		if (!form.ok) return formFailure(form);
		const values = {
			...form.data,
			nhsNumber: form.data.nhsNumber ?? '',
			address: form.data.address ?? ''
		};
		// Registering tells whether someone is here, so it is a search like any other.
		if (await takeResidentSearch(locals.actor!, getClientAddress(), 'assist_register')) {
			return formFailure(
				{ field: 'givenName', message: 'assist.errors.tooManySearches' },
				{ values },
				429
			);
		}
		const result = await registerResident(locals.actor!, locals.session.id, form.data);
		if (!result.ok) {
			if (result.reason === 'not-allowed') error(403, 'forbidden');
			// The same words whatever matched, and whether or not the NHS number is here: the link
			// worker learns only that this person cannot be registered, and can search instead.
			return formFailure(
				{ field: 'givenName', message: 'assist.errors.couldNotRegister' },
				{ values }
			);
		}
		redirect(303, mayAssist(locals.actor) ? '/assist/consent' : '/assist/relationship');
	}
};
