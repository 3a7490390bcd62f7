// Find my record: the resident's own details. Whatever they match, the answer is the next page,
// the same for everyone, after the same time (see identity/find-my-record.ts).
import { fail, redirect } from '@sveltejs/kit';
import { mayFindOwnRecord } from '$lib/server/access/policy';
import { parseForm } from '$lib/server/forms';
import { findMyRecord } from '$lib/server/identity/find-my-record';
import { ownDetails } from '$lib/server/identity/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayFindOwnRecord(locals.actor)) redirect(303, '/');
};

export const actions: Actions = {
	// A POST, so that nobody's name or date of birth reaches an address or a log.
	default: async ({ locals, request, getClientAddress }) => {
		if (!mayFindOwnRecord(locals.actor)) redirect(303, '/');
		const form = parseForm(ownDetails, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const found = await findMyRecord(
			locals.actor,
			locals.user?.language ?? locals.lang,
			getClientAddress(),
			form.data
		);
		if (!found.ok) {
			return fail(429, {
				errors: [{ field: 'givenName', message: 'yourRecord.errors.tooManySearches' }],
				values: form.values
			});
		}
		redirect(303, '/your-record/code');
	}
};
