// PostgreSQL twin of ../../schema/communication-needs.ts, table for table (../schema.spec.ts).
// Communication needs (the Accessible Information Standard): recorded once for the patient, and
// shown wherever staff meet them: on booking, in diaries, requests and care plans.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { patients } from './patients';
import {
	communicationNeedKinds,
	type CommunicationNeedKind
} from '../../../../communication-needs';
import { timestampMs, jsonText } from '../types';

export { communicationNeedKinds, type CommunicationNeedKind };

export const communicationNeeds = pgTable('communication_needs', {
	patientId: integer('patient_id')
		.primaryKey()
		.references(() => patients.id),
	/** A spoken language's code from the list in `$lib/i18n/spoken-languages`; null for none. */
	interpreterLanguage: text('interpreter_language'),
	needs: jsonText('needs').$type<CommunicationNeedKind[]>().notNull(),
	/** Anything else, in the person's words and the language they wrote it in. */
	other: text('other'),
	otherLanguage: text('other_language'),
	updatedAt: timestampMs('updated_at').notNull(),
	updatedByUserId: integer('updated_by_user_id')
		.notNull()
		.references(() => users.id)
});
