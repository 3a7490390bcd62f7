import { error, redirect } from '@sveltejs/kit';
import { mayAssist, mayInPerson } from '$lib/server/access/policy';
import { findResident } from '$lib/server/assist/assist';
import { residentDetails } from '$lib/server/assist/forms';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { takeResidentSearch } from '$lib/server/assist/resident-search';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayInPerson(locals.actor, 'residents.find')) error(403, 'forbidden');
};

export const actions: Actions = {
	// Searching is a POST so that nobody's name or date of birth reaches an address or a log.
	default: async ({ locals, request, getClientAddress }) => {
		if (!mayInPerson(locals.actor, 'residents.find') || !locals.session) error(403, 'forbidden');
		const form = parseForm(residentDetails, await request.formData());
		if (!form.ok) return formFailure(form);
		// Every search counts, found or not: many searches are how someone would trawl the records.
		if (await takeResidentSearch(locals.actor!, getClientAddress(), 'assist_find')) {
			return formFailure(
				{ field: 'givenName', message: 'assist.errors.tooManySearches' },
				{ values: form.data },
				429
			);
		}
		const resident = await findResident(locals.actor!, locals.session.id, form.data);
		if (!resident) {
			return formFailure(
				{ field: 'givenName', message: 'assist.errors.notFound' },
				{ values: form.data }
			);
		}
		// Link workers go on to ask for consent; staff meet residents to record who acts for them.
		redirect(303, mayAssist(locals.actor) ? '/assist/consent' : '/assist/relationship');
	}
};
