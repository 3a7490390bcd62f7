// Assisted digital: a link worker helping a resident in person, on the link worker's device,
// with the resident's consent, for a limited time.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { patients } from './patients';

export const consentMethods = ['in_person_verbal', 'in_writing'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export const assistedSessions = sqliteTable(
	'assisted_sessions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		linkWorkerUserId: integer('link_worker_user_id')
			.notNull()
			.references(() => users.id),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		consentMethod: text('consent_method', { enum: consentMethods }).notNull(),
		/** Where consent was given, as the link worker wrote it (for example the hub's name). */
		consentPlace: text('consent_place').notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
		endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
		/** How the resident's copy of the summary went: email, sms, letter, or to their carer. */
		copySentBy: text('copy_sent_by')
	},
	(table) => [index('assisted_sessions_link_worker').on(table.linkWorkerUserId, table.startedAt)]
);
