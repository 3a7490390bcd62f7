// PostgreSQL twin of ../../schema/activity.ts, table for table (../schema.spec.ts).
// The activity log: every change to a person's care, append-only (triggers in the migration
// reject UPDATE and DELETE).
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { patients } from './patients';
import { timestampMs, jsonText, epochMsNow } from '../types';
import { vias, type Via, activityChannels, type ActivityChannel } from '../../schema/activity';

// The names other code imports are the SQLite schema's own, so both say the same.
export { vias, type Via, activityChannels, type ActivityChannel };

export const activityLog = pgTable(
	'activity_log',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		at: timestampMs('at').notNull().default(epochMsNow),
		/** Who did it; null when the system did it on its own. */
		actorUserId: integer('actor_user_id').references(() => users.id),
		/** Whose care it concerns; null for account changes of a user who is not a patient. */
		subjectPatientId: integer('subject_patient_id').references(() => patients.id),
		via: text('via', { enum: vias }).notNull(),
		channel: text('channel', { enum: activityChannels }).notNull().default('web'),
		/** What was done, as a dotted action name such as `account.registered`. */
		action: text('action').notNull(),
		/** Facts about the change, never free text typed by a person. */
		detail: jsonText('detail').$type<Record<string, string | number | boolean | null>>()
	},
	(table) => [
		index('activity_log_subject').on(table.subjectPatientId, table.at),
		index('activity_log_actor').on(table.actorUserId, table.at),
		// Who has acted on a person's care (the activity page's filter): read from the index
		// alone, however many years of entries they have.
		index('activity_log_subject_actor').on(table.subjectPatientId, table.actorUserId, table.via)
	]
);
