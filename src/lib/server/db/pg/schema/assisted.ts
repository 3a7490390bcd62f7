// PostgreSQL twin of ../../schema/assisted.ts, table for table (../schema.spec.ts).
// Assisted digital: a link worker helping a resident in person, on the link worker's device,
// with the resident's consent, for a limited time.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { patients } from './patients';
import { timestampMs } from '../types';
import { consentMethods, type ConsentMethod } from '../../schema/assisted';

// The names other code imports are the SQLite schema's own, so both say the same.
export { consentMethods, type ConsentMethod };

export const assistedSessions = pgTable(
	'assisted_sessions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		linkWorkerUserId: integer('link_worker_user_id')
			.notNull()
			.references(() => users.id),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		consentMethod: text('consent_method', { enum: consentMethods }).notNull(),
		/** Where consent was given, as the link worker wrote it (for example the hub's name). */
		consentPlace: text('consent_place').notNull(),
		startedAt: timestampMs('started_at').notNull(),
		endsAt: timestampMs('ends_at').notNull(),
		endedAt: timestampMs('ended_at'),
		/** How the resident's copy of the summary went: email, sms, letter, or to their carer. */
		copySentBy: text('copy_sent_by')
	},
	(table) => [index('assisted_sessions_link_worker').on(table.linkWorkerUserId, table.startedAt)]
);
