import type { Actor, Grant, Subject } from '$lib/server/access/policy';
import type { Session, SessionUser } from '$lib/server/auth/session';
import type { Via } from '$lib/server/db/schema';
import type { Translate } from '$lib/i18n';
import type { LanguageCode } from '$lib/i18n/languages';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Who is signed in. */
			actor: Actor | null;
			/** Whose care this request is about. */
			subject: Subject | null;
			via: Via;
			/** What a proxy may do for the subject; null unless acting for someone. */
			grant: Grant | null;
			/** When the link worker's assisted session ends, while one runs. */
			assistingUntil: Date | null;
			lang: LanguageCode;
			t: Translate;
		}
	}
}

export {};
