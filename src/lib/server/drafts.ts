// A journey's answers so far, kept in a short-lived cookie scoped to the journey's pages (never
// in the address, so nothing personal reaches logs or history). Each step checks them afresh.
import type { Cookies } from '@sveltejs/kit';
import * as v from 'valibot';

export function draftCookie<TSchema extends v.GenericSchema<unknown, Record<string, unknown>>>(
	name: string,
	path: string,
	schema: TSchema
) {
	type Draft = v.InferOutput<TSchema>;
	return {
		/** The answers so far; anything unreadable or tampered with reads as none. */
		read(cookies: Cookies): Draft {
			try {
				const raw = cookies.get(name);
				if (!raw) return {} as Draft;
				const parsed = v.safeParse(schema, JSON.parse(Buffer.from(raw, 'base64url').toString()));
				return parsed.success ? parsed.output : ({} as Draft);
			} catch {
				return {} as Draft;
			}
		},
		save(cookies: Cookies, url: URL, draft: Draft): void {
			cookies.set(name, Buffer.from(JSON.stringify(draft)).toString('base64url'), {
				path,
				httpOnly: true,
				sameSite: 'lax',
				secure: url.protocol === 'https:',
				maxAge: 60 * 60
			});
		},
		clear(cookies: Cookies): void {
			cookies.delete(name, { path });
		}
	};
}
