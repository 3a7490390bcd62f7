// Starts signing in through NHS login: a new attempt (state, nonce, PKCE verifier) kept in a
// short-lived cookie, and off to NHS login. `?level=P9` asks for the high level (a step-up, for
// care plans); `?reauth=1` asks a signed-in person to sign in there again, as typing a password
// again would.
import { error, redirect } from '@sveltejs/kit';
import { nhsLoginConfigured } from '$lib/server/config';
import { setNhsLoginAttemptCookie } from '$lib/server/web/cookies';
import { nhsLoginConfiguration, startNhsLogin } from '$lib/server/identity/nhs-login';
import { safeReturnPath } from '$lib/server/web/redirects';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals, url }) => {
	if (!nhsLoginConfigured) error(404, 'not found');
	const returnTo = safeReturnPath(url.searchParams.get('returnTo'));
	const level = url.searchParams.get('level') === 'P9' ? 'P9' : 'any';
	const reauthenticate = Boolean(locals.session) && url.searchParams.get('reauth') === '1';
	let started: Awaited<ReturnType<typeof startNhsLogin>>;
	try {
		started = await startNhsLogin(await nhsLoginConfiguration(), {
			returnTo,
			level,
			reauthenticate
		});
	} catch {
		error(503, 'nhsLogin.problems.unavailable');
	}
	setNhsLoginAttemptCookie(cookies, url, JSON.stringify(started.attempt));
	redirect(303, started.url.href);
};
