import { error, fail, redirect } from '@sveltejs/kit';
import { mayAssist, mayInPerson } from '$lib/server/access/policy';
import { findResident } from '$lib/server/assist/assist';
import { residentDetails } from '$lib/server/assist/forms';
import { parseForm } from '$lib/server/forms';
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
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		// Every search counts, found or not: many searches are how someone would trawl the records.
		if (await takeResidentSearch(locals.actor!, getClientAddress(), 'assist_find')) {
			return fail(429, {
				errors: [{ field: 'givenName', message: 'assist.errors.tooManySearches' }],
				values: form.data
			});
		}
		const resident = findResident(locals.actor!, locals.session.id, form.data);
		if (!resident) {
			return fail(400, {
				errors: [{ field: 'givenName', message: 'assist.errors.notFound' }],
				values: form.data
			});
		}
		// Link workers go on to ask for consent; staff meet residents to record who acts for them.
		redirect(303, mayAssist(locals.actor) ? '/assist/consent' : '/assist/relationship');
	}
};
