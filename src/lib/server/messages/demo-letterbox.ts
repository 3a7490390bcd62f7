// In the demo there is nobody to deliver messages to, yet a demo user needs to read what was
// "sent" (a password reset code, above all). The local driver there keeps the words it hands on
// here: in this process's memory only, for ten minutes (as long as a reset code works), never
// in the database, so never in a backup. /staff/outbox, an admin's page that exists only in the
// demo, shows a message as delivered while it is kept here, and as the outbox keeps it after.
import type { MessageDriver, OutgoingMessage } from './drivers';

/** How long delivered words are kept: a reset code's life. */
const keptMilliseconds = 10 * 60_000;
/** At most this many messages are kept, the oldest forgotten first. */
const mostKept = 200;

export function createLetterbox(now = () => Date.now()) {
	const kept = new Map<number, { body: string; until: number }>();
	const forgetOld = () => {
		for (const [id, entry] of kept) if (entry.until <= now()) kept.delete(id);
		while (kept.size > mostKept) kept.delete(kept.keys().next().value!);
	};
	const driver: MessageDriver = {
		name: 'local',
		send: async (message: OutgoingMessage) => {
			kept.delete(message.id);
			kept.set(message.id, { body: message.body, until: now() + keptMilliseconds });
			forgetOld();
			return { ok: true, providerId: null };
		}
	};
	return {
		driver,
		/** The words delivered for an outbox message, while they are kept; else null. */
		delivered(id: number): string | null {
			forgetOld();
			return kept.get(id)?.body ?? null;
		}
	};
}

/** The demo's own letterbox, shared by the message worker and /staff/outbox. */
export const demoLetterbox = createLetterbox();
