// Forgotten password, step 1: the email address or mobile number the account signs in with. A
// code is sent when it is an account's; the next page says the same whether it is or not.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { limitKeyOf, parseIdentifier } from '$lib/server/identifier';
import { requestResetCode } from '$lib/server/auth/password-reset';
import { clearResetCookies, resetForCookieName, setResetCookie } from '$lib/server/web/cookies';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { takeTry } from '$lib/server/limits';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

const resetRequest = v.object({
	identifier: v.pipe(
		requiredText('reset.errors.identifierMissing'),
		v.check((value) => parseIdentifier(value) !== null, 'reset.errors.identifierInvalid')
	)
});

export const load: PageServerLoad = ({ locals }) => {
	// Someone signed in changes their password in settings, knowing the one they have.
	if (locals.actor) redirect(303, '/settings/password');
};

export const actions: Actions = {
	default: async (event) => {
		const { cookies, request, url } = event;
		const form = parseForm(resetRequest, await request.formData());
		if (!form.ok) return formFailure(form);

		const identifier = parseIdentifier(form.data.identifier)!;
		const address = event.getClientAddress();
		// Counted per address and per account typed, whether or not it is an account, so the
		// answer is the same and nobody's phone can be flooded with codes.
		const heldBack =
			(await takeTry('resetCodeAddress', address)) ??
			(await takeTry('resetCodeSend', limitKeyOf(identifier)));
		if (heldBack) {
			await recordSecurityEvent('held_back', { address, reason: 'reset_code_sent' });
			return formFailure(
				{ field: 'identifier', message: 'reset.errors.tooManyCodes' },
				{ values: { identifier: form.data.identifier } },
				429
			);
		}
		// Answers after the same time whether or not it is an account's.
		await requestResetCode(identifier, address);
		clearResetCookies(cookies, url);
		setResetCookie(cookies, url, resetForCookieName, limitKeyOf(identifier));
		redirect(303, '/sign-in/reset/code');
	}
};
