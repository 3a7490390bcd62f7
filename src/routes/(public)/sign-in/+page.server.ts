import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { accountIdFor, authenticate } from '$lib/server/auth/accounts';
import { limitKeyOf, parseIdentifier } from '$lib/server/identifier';
import { demoMode, nhsLoginConfigured } from '$lib/server/config';
import { demoAccounts } from '$lib/server/demo-accounts';
import { startSession } from '$lib/server/web/cookies';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { countTry, forgetTries, heldBack } from '$lib/server/limits';
import { safeReturnPath } from '$lib/server/web/redirects';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

const credentials = v.object({
	identifier: requiredText('signIn.errors.identifierMissing'),
	password: v.pipe(v.optional(v.string(), ''), v.nonEmpty('signIn.errors.passwordMissing')),
	sharedDevice: v.optional(v.string()),
	keepSignedIn: v.optional(v.string())
});

/** Too many wrong passwords, for this account or from this address: wait, then try again. */
const tooManyTries = { field: 'identifier', message: 'signIn.errors.tooManyTries' };

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeReturnPath(url.searchParams.get('returnTo')));
	return {
		demoAccounts: demoMode ? demoAccounts : [],
		nhsLogin: nhsLoginConfigured,
		passwordReset: url.searchParams.get('done') === 'passwordReset'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, url } = event;
		const form = parseForm(credentials, await request.formData());
		if (!form.ok) return formFailure(form);

		const values = {
			identifier: form.data.identifier,
			sharedDevice: form.data.sharedDevice ?? '',
			keepSignedIn: form.data.keepSignedIn ?? ''
		};
		if (values.sharedDevice === 'yes' && values.keepSignedIn === 'yes') {
			return formFailure(
				{ field: 'keepSignedIn', message: 'signIn.errors.keepOnSharedDevice' },
				{ values }
			);
		}
		const address = event.getClientAddress();
		const identifier = parseIdentifier(form.data.identifier);
		// Guesses at one account are counted by what names it, however it is typed.
		const account = identifier ? limitKeyOf(identifier) : 'unreadable';
		const heldBackUntil =
			(await heldBack('signInAddress', address)) ?? (await heldBack('signInAccount', account));
		if (heldBackUntil) {
			await recordSecurityEvent('held_back', { address, reason: 'sign_in' });
			return formFailure(tooManyTries, { values }, 429);
		}

		const user = identifier ? await authenticate(identifier, form.data.password) : null;
		if (!user) {
			await recordSecurityEvent('sign_in_failed', {
				userId: identifier ? await accountIdFor(identifier) : null,
				address
			});
			const accountHeld = await countTry('signInAccount', account);
			const addressHeld = await countTry('signInAddress', address);
			if (accountHeld || addressHeld) {
				await recordSecurityEvent('held_back', { address, reason: 'sign_in' });
				return formFailure(tooManyTries, { values }, 429);
			}
			// One message whether the account is unknown or the password wrong.
			return formFailure({ field: 'identifier', message: 'signIn.errors.credentials' }, { values });
		}
		await forgetTries('signInAccount', account);
		await recordSecurityEvent('sign_in', { userId: user.id, address });
		// Link workers sign in on devices they share with the residents they help.
		const sharedDevice = values.sharedDevice === 'yes' || user.role === 'link_worker';
		await startSession(event, user.id, {
			sharedDevice,
			keepSignedIn: values.keepSignedIn === 'yes'
		});
		redirect(303, safeReturnPath(url.searchParams.get('returnTo')));
	}
};
