// NHS login sends the person back here. The attempt's cookie must be here and match (a forged,
// replayed or mixed-up `state` is refused by openid-client), and it is used once. Then they are
// signed in as the account their NHS login is (identity/nhs-login-accounts.ts), or, already
// signed in as it, their session notes the new sign-in and the level reached.
import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { nhsLoginConfigured } from '$lib/server/config';
import {
	clearNhsLoginAttemptCookie,
	nhsLoginAttemptCookieName,
	startSession
} from '$lib/server/web/cookies';
import { noteNhsLoginAgain } from '$lib/server/auth/session';
import {
	finishNhsLogin,
	NhsLoginRefused,
	nhsLoginConfiguration,
	type NhsLoginAttempt
} from '$lib/server/identity/nhs-login';
import { accountForNhsLogin } from '$lib/server/identity/nhs-login-accounts';
import { safeReturnPath } from '$lib/server/web/redirects';
import type { PageServerLoad } from './$types';

const attemptSchema = v.object({
	state: v.string(),
	nonce: v.string(),
	codeVerifier: v.string(),
	returnTo: v.string(),
	level: v.picklist(['any', 'P9']),
	reauthenticate: v.boolean()
});

function attemptFrom(cookie: string | undefined): NhsLoginAttempt | null {
	if (!cookie) return null;
	try {
		const parsed = v.safeParse(attemptSchema, JSON.parse(cookie));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

export const load: PageServerLoad = async (event) => {
	const { cookies, locals, url } = event;
	if (!nhsLoginConfigured) error(404, 'not found');
	const attempt = attemptFrom(cookies.get(nhsLoginAttemptCookieName));
	// Used once, whatever happens next.
	clearNhsLoginAttemptCookie(cookies, url);

	let identity: Awaited<ReturnType<typeof finishNhsLogin>>;
	try {
		if (url.searchParams.has('error')) {
			// What NHS login sent back, even without an attempt here (nothing to change either way).
			throw new NhsLoginRefused(
				url.searchParams.get('error') === 'access_denied' ? 'cancelled' : 'provider_error'
			);
		}
		if (!attempt) throw new NhsLoginRefused('no_attempt');
		identity = await finishNhsLogin(await nhsLoginConfiguration(), url, attempt);
	} catch (failure) {
		const reason = failure instanceof NhsLoginRefused ? failure.reason : 'provider_error';
		error(400, `nhsLogin.problems.${reason}`);
	}

	const address = event.getClientAddress();
	const user = await accountForNhsLogin(identity, address);
	if (locals.session && locals.user?.id === user.id) {
		await noteNhsLoginAgain(locals.session, identity.level);
	} else {
		await startSession(event, user.id, { sharedDevice: false, identityLevel: identity.level });
	}
	// Someone without a record yet is shown the ways to reach it first.
	const returnTo = safeReturnPath(attempt.returnTo);
	redirect(303, user.role === 'patient' && !user.patientId ? '/your-record' : returnTo);
};
