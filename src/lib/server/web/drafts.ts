// A journey's answers so far, kept in a short-lived cookie scoped to the journey's pages (never
// in the address, so nothing personal reaches logs or history). Each step checks them afresh.
// The answers belong to the person whose care they are about, as given by whoever is signed in:
// read for anyone else (another resident in a link worker's next session, the carer's own care,
// the next person on a shared device) they are none, so they are never shown or used for them.
import type { Cookies } from '@sveltejs/kit';
import * as v from 'valibot';
import { isUnlinkedSelf } from '../access/policy';
import { holdsNul } from '../nul';
import { sessionCookieOptions } from './cookies';

/** Whose request it is: who is signed in, and whose care it is about. */
export type DraftOwner = Pick<App.Locals, 'actor' | 'subject' | 'via'>;

/**
 * The actor and the record the answers are about; for an account with no record yet, asking for
 * itself, the record is none (null) and the answers are the account's alone.
 */
function ownerOf(owner: DraftOwner) {
	const { actor, subject } = owner;
	if (actor && subject) return { actor: actor.userId, subject: subject.patientId };
	return isUnlinkedSelf(owner) ? { actor: actor!.userId, subject: null } : null;
}

export function draftCookie<TSchema extends v.GenericSchema<unknown, Record<string, unknown>>>(
	name: string,
	path: string,
	schema: TSchema
) {
	type Draft = v.InferOutput<TSchema>;
	const stored = v.object({ actor: v.number(), subject: v.nullable(v.number()), answers: schema });
	return {
		/**
		 * The answers so far, when they were given by this actor for this subject; anything
		 * unreadable, tampered with or left by someone else's journey reads as none.
		 */
		read(cookies: Cookies, owner: DraftOwner): Draft {
			const current = ownerOf(owner);
			try {
				const raw = cookies.get(name);
				if (!raw || !current) return {} as Draft;
				const parsed = v.safeParse(stored, JSON.parse(Buffer.from(raw, 'base64url').toString()));
				// The cookie is as the browser sent it: a NUL would reach a query, and PostgreSQL's
				// text cannot hold one (../nul.ts).
				return parsed.success &&
					!holdsNul(parsed.output.answers) &&
					parsed.output.actor === current.actor &&
					parsed.output.subject === current.subject
					? (parsed.output.answers as Draft)
					: ({} as Draft);
			} catch {
				return {} as Draft;
			}
		},
		/** Keeps the answers for this actor and subject; answers about nobody's care are not kept. */
		save(cookies: Cookies, url: URL, owner: DraftOwner, answers: Draft): void {
			const current = ownerOf(owner);
			if (!current) return;
			const value = JSON.stringify({ ...current, answers });
			cookies.set(name, Buffer.from(value).toString('base64url'), {
				...sessionCookieOptions(url),
				path,
				maxAge: 60 * 60
			});
		},
		clear(cookies: Cookies, url: URL): void {
			cookies.delete(name, { ...sessionCookieOptions(url), path });
		}
	};
}
