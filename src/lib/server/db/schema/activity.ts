// The activity log: every change to a person's care, append-only (triggers in the migration
// reject UPDATE and DELETE).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { patients } from './patients';

/** How a change was made: by the person, by someone acting for them, with a link worker, or by staff. */
export const vias = ['self', 'proxy', 'assisted', 'staff'] as const;
export type Via = (typeof vias)[number];

/**
 * Where it was done: on the web (in Joined Up, or by staff), by replying to a text message, or
 * by another organisation's system through the FHIR interface.
 */
export const activityChannels = ['web', 'text', 'fhir'] as const;
export type ActivityChannel = (typeof activityChannels)[number];

export const activityLog = sqliteTable(
	'activity_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		/** Who did it; null when the system did it on its own. */
		actorUserId: integer('actor_user_id').references(() => users.id),
		/** Whose care it concerns; null for account changes of a user who is not a patient. */
		subjectPatientId: integer('subject_patient_id').references(() => patients.id),
		via: text('via', { enum: vias }).notNull(),
		channel: text('channel', { enum: activityChannels }).notNull().default('web'),
		/** What was done, as a dotted action name such as `account.registered`. */
		action: text('action').notNull(),
		/** Facts about the change, never free text typed by a person. */
		detail: text('detail', { mode: 'json' }).$type<
			Record<string, string | number | boolean | null>
		>()
	},
	(table) => [
		index('activity_log_subject').on(table.subjectPatientId, table.at),
		index('activity_log_actor').on(table.actorUserId, table.at),
		// Who has acted on a person's care (the activity page's filter): read from the index
		// alone, however many years of entries they have.
		index('activity_log_subject_actor').on(table.subjectPatientId, table.actorUserId, table.via)
	]
);
