// The invitation code, carried once from the invitation form to the page that shows it, so the
// code never appears in an address (and so in history or logs) and a refresh sends nothing twice.
import type { Cookies } from '@sveltejs/kit';
import * as v from 'valibot';

const cookieName = 'invitation';
const cookiePath = '/people/invited';

const shownSchema = v.object({ code: v.string(), identifier: v.string(), expiresAt: v.number() });
export type InvitationShown = v.InferOutput<typeof shownSchema>;

export function saveInvitationShown(cookies: Cookies, url: URL, shown: InvitationShown): void {
	cookies.set(cookieName, Buffer.from(JSON.stringify(shown)).toString('base64url'), {
		path: cookiePath,
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
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
