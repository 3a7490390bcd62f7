// The security log: sign-ins, failures, hold-backs, password resets and changes, and ended
// sessions, for admins. Kept apart from the activity log, which is each person's own record of
// changes to their care.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';

export const securityEventKinds = [
	'sign_in',
	'sign_in_failed',
	'held_back',
	'signed_out',
	'session_ended',
	'invitation_code_failed',
	'reset_code_sent',
	'reset_code_failed',
	'password_reset',
	'password_changed',
	'password_confirmed',
	'password_confirm_failed',
	'resident_search',
	'account_linked',
	'record_code_failed',
	'insight_read'
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

export const securityEvents = sqliteTable(
	'security_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
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
