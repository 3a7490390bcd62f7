// The security log, for admins: who signed in or failed to, what a limit held back, which
// sessions ended. It holds account ids and network addresses, never what someone typed.
import { desc, eq, lt } from 'drizzle-orm';
import { database, tables } from './db';
import type { SecurityEventKind } from './db/schema';

export function recordSecurityEvent(
	kind: SecurityEventKind,
	{ userId = null, address = null, reason = null }: SecurityEventFacts = {}
): void {
	database().insert(tables.securityEvents).values({ kind, userId, address, reason }).run();
}
type SecurityEventFacts = {
	userId?: number | null;
	address?: string | null;
	reason?: string | null;
};

/** The newest events first, with the role of the account concerned. */
export function recentSecurityEvents(limit = 200) {
	const { securityEvents, users } = tables;
	return database()
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
		.limit(limit)
		.all();
}

/** How long the security log keeps an event: a year, enough to look back on an incident. */
export const securityLogRetentionDays = 365;

/** Deletes events older than the retention period; how many went. */
export function forgetOldSecurityEvents(now = new Date()): number {
	const before = new Date(now.getTime() - securityLogRetentionDays * 24 * 60 * 60 * 1000);
	return database().delete(tables.securityEvents).where(lt(tables.securityEvents.at, before)).run()
		.changes;
}

/** Prunes the log at start-up and then daily, without keeping the process up; returns a stop. */
export function startSecurityLogPruning(): () => Promise<void> {
	forgetOldSecurityEvents();
	const timer = setInterval(() => forgetOldSecurityEvents(), 24 * 60 * 60 * 1000);
	timer.unref();
	return async () => clearInterval(timer);
}
