import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { authenticate } from '$lib/server/auth/accounts';
import { parseIdentifier } from '$lib/server/auth/identifier';
import { demoMode } from '$lib/server/config';
import { startSession } from '$lib/server/cookies';
import { demoAccounts } from '$lib/server/db/demo';
import { parseForm, requiredText } from '$lib/server/forms';
import { safeReturnPath } from '$lib/server/redirects';
import type { Actions, PageServerLoad } from './$types';

const credentials = v.object({
	identifier: requiredText('signIn.errors.identifierMissing'),
	password: v.pipe(v.optional(v.string(), ''), v.nonEmpty('signIn.errors.passwordMissing')),
	sharedDevice: v.optional(v.string())
});

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeReturnPath(url.searchParams.get('returnTo')));
	return { demoAccounts: demoMode ? demoAccounts : [] };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, url } = event;
		const form = await parseForm(credentials, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });

		const identifier = parseIdentifier(form.data.identifier);
		const user = identifier ? await authenticate(identifier, form.data.password) : null;
		if (!user) {
			// One message whether the account is unknown or the password wrong.
			return fail(400, {
				errors: [{ field: 'identifier', message: 'signIn.errors.credentials' }],
				values: { identifier: form.data.identifier, sharedDevice: form.data.sharedDevice ?? '' }
			});
		}
		// Link workers sign in on devices they share with the residents they help.
		const sharedDevice = form.data.sharedDevice === 'yes' || user.role === 'link_worker';
		startSession(event, user.id, { sharedDevice });
		redirect(303, safeReturnPath(url.searchParams.get('returnTo')));
	}
};
