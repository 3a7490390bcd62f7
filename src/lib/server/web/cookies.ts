// The cookies Joined Up sets, and how: the session, the language, and a password reset's two. Every
// other cookie (drafts.ts, invitation-shown.ts) starts from sessionCookieOptions too.
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { IdentityLevel } from '../db/schema';
import { cookieExpiry, createSession, invalidateSession, sessionCookieName } from '../auth/session';

export const languageCookieName = 'lang';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HttpOnly, SameSite=Lax, whole site; Secure everywhere except a plain-HTTP loopback address. */
export function sessionCookieOptions(url: URL): Parameters<Cookies['set']>[2] {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:' || !loopbackHosts.has(url.hostname)
	};
}

/**
 * Signs a user in on this browser: a new session (any earlier one here ends) and its cookie. On
 * a shared device the cookie lasts only while the browser is open; kept signed in, 30 days.
 */
export async function startSession(
	{ cookies, url, locals, request }: Pick<RequestEvent, 'cookies' | 'url' | 'locals' | 'request'>,
	userId: number,
	{
		sharedDevice,
		keepSignedIn = false,
		identityLevel = null
	}: { sharedDevice: boolean; keepSignedIn?: boolean; identityLevel?: IdentityLevel | null }
): Promise<void> {
	if (locals.session) await invalidateSession(locals.session.id);
	const { token, session } = await createSession(userId, new Date(), {
		sharedDevice,
		keepSignedIn,
		userAgent: request.headers.get('user-agent') ?? '',
		identityLevel
	});
	cookies.set(sessionCookieName, token, {
		...sessionCookieOptions(url),
		...(sharedDevice ? {} : { expires: cookieExpiry(session) })
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName, sessionCookieOptions(url));
}

/** The language choice is kept for a year, for people who do not sign in. */
export function setLanguageCookie(cookies: Cookies, url: URL, language: string): void {
	cookies.set(languageCookieName, language, {
		...sessionCookieOptions(url),
		maxAge: 60 * 60 * 24 * 365
	});
}

/** Where a password reset is going, for its next two pages only, and for a code's lifetime. */
const resetCookieOptions = (url: URL) => ({
	...sessionCookieOptions(url),
	path: '/sign-in/reset',
	maxAge: 10 * 60
});
/** The address a reset code was asked for (as typed, normalised), to check the code against. */
export const resetForCookieName = 'reset_for';
/** The secret that lets this browser, which typed the right code, choose the new password. */
export const resetGrantCookieName = 'reset_grant';

export function setResetCookie(cookies: Cookies, url: URL, name: string, value: string): void {
	cookies.set(name, value, resetCookieOptions(url));
}

/** One NHS login sign-in under way (state, nonce, PKCE verifier), for its callback only. */
export const nhsLoginAttemptCookieName = 'nhs_login_attempt';
const nhsLoginAttemptCookieOptions = (url: URL) => ({
	...sessionCookieOptions(url),
	path: '/sign-in/nhs-login',
	maxAge: 10 * 60
});

export function setNhsLoginAttemptCookie(cookies: Cookies, url: URL, value: string): void {
	cookies.set(nhsLoginAttemptCookieName, value, nhsLoginAttemptCookieOptions(url));
}

export function clearNhsLoginAttemptCookie(cookies: Cookies, url: URL): void {
	cookies.delete(nhsLoginAttemptCookieName, nhsLoginAttemptCookieOptions(url));
}

export function clearResetCookies(cookies: Cookies, url: URL): void {
	for (const name of [resetForCookieName, resetGrantCookieName]) {
		cookies.delete(name, resetCookieOptions(url));
	}
}

/** Which confirmation of a new account's address is this browser's: for /register/code only. */
export const registrationCookieName = 'registration';

export function setRegistrationCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(registrationCookieName, token, {
		...sessionCookieOptions(url),
		path: '/register',
		maxAge: 10 * 60
	});
}

export function clearRegistrationCookie(cookies: Cookies, url: URL): void {
	cookies.delete(registrationCookieName, { ...sessionCookieOptions(url), path: '/register' });
}
