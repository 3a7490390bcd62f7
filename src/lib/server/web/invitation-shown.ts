// The invitation code, carried once from the invitation form to the page that shows it, so the
// code never appears in an address (and so in history or logs) and a refresh sends nothing twice.
// The cookie is sent only to the page that shows it: the patient's, or the one staff see.
import type { Cookies } from '@sveltejs/kit';
import * as v from 'valibot';
import { sessionCookieOptions } from './cookies';

const cookieName = 'invitation';
const shownOn = ['/people/invited', '/assist/relationship/recorded'] as const;
export type ShownOn = (typeof shownOn)[number];

const shownSchema = v.object({ code: v.string(), identifier: v.string(), expiresAt: v.number() });
export type InvitationShown = v.InferOutput<typeof shownSchema>;

export function saveInvitationShown(
	cookies: Cookies,
	url: URL,
	shown: InvitationShown,
	page: ShownOn
): void {
	cookies.set(cookieName, Buffer.from(JSON.stringify(shown)).toString('base64url'), {
		...sessionCookieOptions(url),
		path: page,
		maxAge: 10 * 60
	});
}

export function readInvitationShown(cookies: Cookies): InvitationShown | null {
	try {
		const raw = cookies.get(cookieName);
		if (!raw) return null;
		const parsed = v.safeParse(shownSchema, JSON.parse(Buffer.from(raw, 'base64url').toString()));
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

/** A code not yet shown goes when whose care the session manages changes. */
export function clearInvitationShown(cookies: Cookies, url: URL): void {
	for (const page of shownOn) {
		cookies.delete(cookieName, { ...sessionCookieOptions(url), path: page });
	}
}
