import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { mayAssist } from '$lib/server/access';
import { findResident } from '$lib/server/assist/assist';
import { parseForm, requiredText } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const residentSearch = v.object({
	givenName: requiredText('assist.errors.givenName'),
	familyName: requiredText('assist.errors.familyName'),
	dateOfBirth: v.pipe(v.optional(v.string(), ''), v.isoDate('assist.errors.dateOfBirth')),
	postcode: requiredText('assist.errors.postcode')
});

export const load: PageServerLoad = ({ locals }) => {
	if (!mayAssist(locals.actor)) error(403, 'forbidden');
};

export const actions: Actions = {
	// Searching is a POST so that nobody's name or date of birth reaches an address or a log.
	default: async ({ locals, request }) => {
		if (!mayAssist(locals.actor) || !locals.session) error(403, 'forbidden');
		const form = parseForm(residentSearch, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const resident = findResident(locals.actor!, locals.session.id, form.data);
		if (!resident) {
			return fail(400, {
				errors: [{ field: 'givenName', message: 'assist.errors.notFound' }],
				values: form.data
			});
		}
		redirect(303, '/assist/consent');
	}
};
