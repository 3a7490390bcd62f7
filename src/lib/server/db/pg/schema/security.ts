// PostgreSQL twin of ../../schema/security.ts, table for table (../schema.spec.ts).
// The security log: sign-ins, failures, hold-backs, password resets and changes, and ended
// sessions, for admins. Kept apart from the activity log, which is each person's own record of
// changes to their care.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { timestampMs, epochMsNow } from '../types';
import { securityEventKinds, type SecurityEventKind } from '../../schema/security';

// The names other code imports are the SQLite schema's own, so both say the same.
export { securityEventKinds, type SecurityEventKind };

export const securityEvents = pgTable(
	'security_events',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		at: timestampMs('at').notNull().default(epochMsNow),
		kind: text('kind', { enum: securityEventKinds }).notNull(),
		/** The account concerned, when one is known; never what was typed to name it. */
		userId: integer('user_id').references(() => users.id),
		/** The network address the request came from. */
		address: text('address'),
		/** Which limit held a request back, or how a session ended. */
		reason: text('reason')
	},
	(table) => [index('security_events_at').on(table.at)]
);
