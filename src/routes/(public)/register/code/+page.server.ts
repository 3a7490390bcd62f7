// Creating an account, step 2: the code sent to the address typed on step 1. The right code,
// used once in the browser that asked, creates the account and signs it in; wrong ones are
// counted against the address. An address that already had an account was sent no code, so
// this page looks and answers the same as for a new one.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { confirmationAddress, confirmRegistration } from '$lib/server/auth/account-confirmation';
import { displayIdentifier, limitKeyOf } from '$lib/server/identifier';
import { normaliseResetCode } from '$lib/server/auth/password-reset';
import {
	clearRegistrationCookie,
	registrationCookieName,
	startSession
} from '$lib/server/web/cookies';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { forgetTries, takeTry } from '$lib/server/limits';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const codeForm = v.object({
	code: v.pipe(
		requiredText('register.code.errors.codeMissing'),
		v.check((value) => normaliseResetCode(value) !== null, 'register.code.errors.codeInvalid')
	)
});

/** This browser's confirmation, from step 1's cookie; back to step 1 without one. */
async function confirmation({ cookies }: Pick<RequestEvent, 'cookies'>) {
	const token = cookies.get(registrationCookieName) ?? '';
	const identifier = token ? await confirmationAddress(token) : null;
	if (!identifier) redirect(303, '/register');
	return { token, identifier };
}

export const load: PageServerLoad = async (event) => {
	if (event.locals.actor) redirect(303, '/');
	const { identifier } = await confirmation(event);
	// It shows the address typed: never kept by a shared cache or the back button.
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		sentTo: displayIdentifier({
			email: identifier.kind === 'email' ? identifier.value : null,
			mobile: identifier.kind === 'mobile' ? identifier.value : null
		}),
		byText: identifier.kind === 'mobile'
	};
};

const refusals = {
	wrong: 'register.code.errors.codeWrong',
	expired: 'register.code.errors.codeExpired',
	used: 'register.code.errors.codeUsed'
} as const;

export const actions: Actions = {
	default: async (event) => {
		const { cookies, request, url } = event;
		const { token, identifier } = await confirmation(event);
		const form = parseForm(codeForm, await request.formData());
		if (!form.ok) return formFailure(form);

		const key = limitKeyOf(identifier);
		const address = event.getClientAddress();
		// Counted before the code is checked, so guesses sent together are all counted.
		if (await takeTry('confirmationGuess', key)) {
			await recordSecurityEvent('held_back', { address, reason: 'confirmation_code' });
			return formFailure({ field: 'code', message: 'register.code.errors.tooManyTries' }, {}, 429);
		}
		const result = await confirmRegistration(token, normaliseResetCode(form.data.code)!);
		if (!result.ok) {
			if (result.reason === 'unknown') redirect(303, '/register');
			return formFailure({ field: 'code', message: refusals[result.reason] });
		}
		await forgetTries('confirmationGuess', key);
		clearRegistrationCookie(cookies, url);
		await startSession(event, result.user.id, { sharedDevice: false });
		redirect(303, '/');
	}
};
