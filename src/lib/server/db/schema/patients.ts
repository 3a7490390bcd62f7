// People receiving care. A patient may have no user account at all (registered in person by a
// link worker), and is then reached the way they chose.
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { reachMethods, type ReachMethod } from '../../../communication-needs';
import { organisations } from './organisations';

export { reachMethods, type ReachMethod };

/** The ways open to a person without an account, registered in person. */
export const offlineReachMethods = ['letter', 'carer', 'link_worker'] as const;
export type OfflineReachMethod = (typeof offlineReachMethods)[number];

export const patients = sqliteTable('patients', {
	id: integer('id').primaryKey({ autoIncrement: true }),
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
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});
