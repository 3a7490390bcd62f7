// The security log, for admins: who signed in or failed to, what a limit held back, which
// sessions ended. It holds account ids and network addresses, never what someone typed.
import { desc, eq } from 'drizzle-orm';
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
