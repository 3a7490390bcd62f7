// People receiving care. A patient may have no user account at all.
import { sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const patients = sqliteTable('patients', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	givenName: text('given_name').notNull(),
	familyName: text('family_name').notNull(),
	/** ISO date, YYYY-MM-DD. */
	dateOfBirth: text('date_of_birth').notNull(),
	postcode: text('postcode').notNull(),
	nhsNumber: text('nhs_number').unique(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});
