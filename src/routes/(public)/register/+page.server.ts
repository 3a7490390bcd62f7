// Creating an account, step 1: the email address or mobile number to sign in with, and a
// password. Whether or not an account already has the address, the next page asks for the code
// "sent" to it (see auth/account-confirmation.ts): nothing here says which it was.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { startRegistration } from '$lib/server/auth/account-confirmation';
import { limitKeyOf, parseIdentifier } from '$lib/server/identifier';
import { nhsLoginConfigured } from '$lib/server/config';
import { setRegistrationCookie } from '$lib/server/web/cookies';
import { newPassword, parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { countTry, takeTry } from '$lib/server/limits';
import { recordSecurityEvent } from '$lib/server/security-log';
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
		const { cookies, locals, request, url } = event;
		const form = parseForm(registration, await request.formData());
		if (!form.ok) return formFailure(form);

		const address = event.getClientAddress();
		// Accounts made from one address are counted, so none can be made by the thousand.
		if (await countTry('registration', address)) {
			return formFailure(
				{ field: 'identifier', message: 'register.errors.tooManyTries' },
				{ values: { identifier: form.data.identifier } },
				429
			);
		}
		const identifier = parseIdentifier(form.data.identifier)!;
		// Counted per address typed, account or not, so the answer is the same and nobody's phone
		// is flooded with codes or warnings.
		if (await takeTry('confirmationSend', limitKeyOf(identifier))) {
			await recordSecurityEvent('held_back', { address, reason: 'confirmation_sent' });
			return formFailure(
				{ field: 'identifier', message: 'register.errors.tooManyCodes' },
				{ values: { identifier: form.data.identifier } },
				429
			);
		}
		// Answers after the same time whether or not an account has the address.
		const token = await startRegistration(identifier, form.data.password, locals.lang);
		setRegistrationCookie(cookies, url, token);
		redirect(303, '/register/code');
	}
};
