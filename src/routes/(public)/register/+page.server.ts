import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { registerAccount } from '$lib/server/auth/accounts';
import { parseIdentifier } from '$lib/server/auth/identifier';
import { nhsLoginConfigured } from '$lib/server/config';
import { startSession } from '$lib/server/cookies';
import { newPassword, parseForm, requiredText } from '$lib/server/forms';
import { countTry } from '$lib/server/limits';
import type { Actions, PageServerLoad } from './$types';

const registration = v.object({
	identifier: v.pipe(
		requiredText('register.errors.identifierMissing'),
		v.check((value) => parseIdentifier(value) !== null, 'register.errors.identifierInvalid')
	),
	password: newPassword
});

export const load: PageServerLoad = ({ locals }) => {
	if (locals.actor) redirect(303, '/');
	return { nhsLogin: nhsLoginConfigured };
};

export const actions: Actions = {
	default: async (event) => {
		const { request } = event;
		const form = await parseForm(registration, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });

		// Accounts made from one address are counted, so none can be made by the thousand.
		if (await countTry('registration', event.getClientAddress())) {
			return fail(429, {
				errors: [{ field: 'identifier', message: 'register.errors.tooManyTries' }],
				values: { identifier: form.data.identifier }
			});
		}
		const identifier = parseIdentifier(form.data.identifier)!;
		const result = await registerAccount(identifier, form.data.password);
		if (!result.ok) {
			return fail(400, {
				errors: [{ field: 'identifier', message: 'register.errors.identifierTaken' }],
				values: { identifier: form.data.identifier }
			});
		}
		startSession(event, result.user.id, { sharedDevice: false });
		redirect(303, '/');
	}
};
