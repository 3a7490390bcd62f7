import { fail, redirect } from '@sveltejs/kit';
import { acceptInvitation } from '$lib/server/people/people';
import type { Actions } from './$types';

const failures = {
	'unknown-code': 'people.errors.codeUnknown',
	'own-invitation': 'people.errors.ownInvitation'
} as const;

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const code = String((await request.formData()).get('code') ?? '').trim();
		if (!code) {
			return fail(400, {
				errors: [{ field: 'code', message: 'people.errors.codeMissing' }],
				values: { code }
			});
		}
		const result = acceptInvitation(locals.actor!, code);
		if (!result.ok) {
			return fail(400, {
				errors: [{ field: 'code', message: failures[result.reason] }],
				values: { code }
			});
		}
		redirect(303, '/people?done=accepted');
	}
};
