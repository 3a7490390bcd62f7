// Forgotten password, step 2: the code sent to the address typed on step 1. The right code, used
// once, lets this browser choose a new password; wrong ones are counted against the account.
import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { displayIdentifier, limitKeyOf, parseIdentifier } from '$lib/server/identifier';
import { normaliseResetCode, useResetCode } from '$lib/server/auth/password-reset';
import { resetForCookieName, resetGrantCookieName, setResetCookie } from '$lib/server/web/cookies';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { forgetTries, takeTry } from '$lib/server/limits';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const codeForm = v.object({
	code: v.pipe(
		requiredText('reset.errors.codeMissing'),
		v.check((value) => normaliseResetCode(value) !== null, 'reset.errors.codeInvalid')
	)
});

/** Where the code was sent, from step 1's cookie; back to step 1 without one. */
function resetFor({ cookies }: Pick<RequestEvent, 'cookies'>) {
	const [kind, ...rest] = (cookies.get(resetForCookieName) ?? '').split(':');
	const identifier = kind === 'email' || kind === 'mobile' ? parseIdentifier(rest.join(':')) : null;
	if (!identifier || identifier.kind !== kind) redirect(303, '/sign-in/reset');
	return identifier;
}

export const load: PageServerLoad = (event) => {
	if (event.locals.actor) redirect(303, '/settings/password');
	const identifier = resetFor(event);
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

export const actions: Actions = {
	default: async (event) => {
		const { cookies, request, url } = event;
		const identifier = resetFor(event);
		const form = parseForm(codeForm, await request.formData());
		if (!form.ok) return formFailure(form);

		const account = limitKeyOf(identifier);
		const address = event.getClientAddress();
		// Counted before the code is checked, so guesses sent together are all counted.
		if (await takeTry('resetCodeGuess', account)) {
			await recordSecurityEvent('held_back', { address, reason: 'reset_code' });
			return formFailure({ field: 'code', message: 'reset.errors.tooManyTries' }, {}, 429);
		}
		const check = await useResetCode(identifier, normaliseResetCode(form.data.code)!);
		if (!check.ok) {
			await recordSecurityEvent('reset_code_failed', { userId: check.userId, address });
			// One message for a wrong code, an old one and an address with no account.
			return formFailure({ field: 'code', message: 'reset.errors.codeWrong' });
		}
		await forgetTries('resetCodeGuess', account);
		setResetCookie(cookies, url, resetGrantCookieName, check.grant);
		redirect(303, '/sign-in/reset/password');
	}
};
