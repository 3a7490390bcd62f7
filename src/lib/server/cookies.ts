// The two cookies Joined Up sets, and how.
import type { Cookies } from '@sveltejs/kit';
import { cookieExpiry, sessionCookieName, type Session } from './auth/session';

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

export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	session: Session
): void {
	cookies.set(sessionCookieName, token, {
		...sessionCookieOptions(url),
		expires: cookieExpiry(session)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName, sessionCookieOptions(url));
}

/** The language cookie lasts a year; it holds nothing personal, so scripts need not be kept out. */
export function setLanguageCookie(cookies: Cookies, url: URL, language: string): void {
	cookies.set(languageCookieName, language, {
		...sessionCookieOptions(url),
		maxAge: 60 * 60 * 24 * 365
	});
}
