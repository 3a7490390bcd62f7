// The security log, for admins: who signed in or failed to, what a limit held back, which
// sessions ended. It holds account ids and network addresses, never what someone typed.
import { desc, eq, lt } from 'drizzle-orm';
import { database, tables } from './db';
import { inTurn } from './jobs';
import type { SecurityEventKind } from './db/schema';

export async function recordSecurityEvent(
	kind: SecurityEventKind,
	{ userId = null, address = null, reason = null }: SecurityEventFacts = {}
): Promise<void> {
	await database().insert(tables.securityEvents).values({ kind, userId, address, reason });
}
type SecurityEventFacts = {
	userId?: number | null;
	address?: string | null;
	reason?: string | null;
};

/** The newest events first, with the role of the account concerned. */
export async function recentSecurityEvents(limit = 200) {
	const { securityEvents, users } = tables;
	return await database()
		.select({
			id: securityEvents.id,
			at: securityEvents.at,
			kind: securityEvents.kind,
			userId: securityEvents.userId,
			role: users.role,
			address: securityEvents.address,
			reason: securityEvents.reason
		})
		.from(securityEvents)
		.leftJoin(users, eq(securityEvents.userId, users.id))
		.orderBy(desc(securityEvents.at), desc(securityEvents.id))
		.limit(limit);
}

/** How long the security log keeps an event: a year, enough to look back on an incident. */
export const securityLogRetentionDays = 365;

/** Deletes events older than the retention period; how many went. */
export async function forgetOldSecurityEvents(now = new Date()): Promise<number> {
	const before = new Date(now.getTime() - securityLogRetentionDays * 24 * 60 * 60 * 1000);
	const forgotten = await database()
		.delete(tables.securityEvents)
		.where(lt(tables.securityEvents.at, before))
		.returning({ id: tables.securityEvents.id });
	return forgotten.length;
}

const day = 24 * 60 * 60 * 1000;

/**
 * Prunes the log at start-up and then daily, without keeping the process up; returns a stop.
 * With several instances, once a day by whichever comes first (../jobs.ts).
 */
export async function startSecurityLogPruning(): Promise<() => Promise<void>> {
	const prune = inTurn('security-log.pruning', day, forgetOldSecurityEvents);
	await prune();
	const timer = setInterval(() => void prune(), day);
	timer.unref();
	return async () => clearInterval(timer);
}
