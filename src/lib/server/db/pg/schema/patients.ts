// PostgreSQL twin of ../../schema/patients.ts, table for table (../schema.spec.ts).
// People receiving care. A patient may have no user account at all (registered in person by a
// link worker), and is then reached the way they chose.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { reachMethods, type ReachMethod } from '../../../../communication-needs';
import { organisations } from './organisations';
import { timestampMs, epochMsNow } from '../types';
import { offlineReachMethods, type OfflineReachMethod } from '../../schema/patients';

// The names other code imports are the SQLite schema's own, so both say the same.
export { offlineReachMethods, type OfflineReachMethod };

export { reachMethods, type ReachMethod };

export const patients = pgTable('patients', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	givenName: text('given_name').notNull(),
	familyName: text('family_name').notNull(),
	/** ISO date, YYYY-MM-DD. */
	dateOfBirth: text('date_of_birth').notNull(),
	postcode: text('postcode').notNull(),
	nhsNumber: text('nhs_number').unique(),
	/** How they would like to be contacted; without an account: letter, carer or link worker. */
	reachBy: text('reach_by', { enum: reachMethods }),
	/** The mobile number the GP practice holds, E.164; where "find my record" codes go by text. */
	mobile: text('mobile'),
	/** The email address the GP practice holds, lower-cased; codes go here when there is no mobile. */
	email: text('email'),
	/**
	 * The GP practice the person is registered with, as the practice's record says: its services
	 * are the ones of a practice they may book (appointments/services.ts). Null where the record
	 * does not say (registered in person, say).
	 */
	registeredPracticeId: integer('registered_practice_id').references(() => organisations.id),
	/** Postal address lines, one per line, without the postcode: for letters. */
	address: text('address'),
	/** The link worker or staff member who registered them in person, if anyone did. */
	registeredByUserId: integer('registered_by_user_id'),
	createdAt: timestampMs('created_at').notNull().default(epochMsNow)
});
