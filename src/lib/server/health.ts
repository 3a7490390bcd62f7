// For operators (healthz): can the app reach its database?
import { sql } from 'drizzle-orm';
import { database } from './db';

/** True when the database answers a query; false when it cannot be opened or read. */
export function databaseReachable(): boolean {
	try {
		database().get(sql`select 1`);
		return true;
	} catch {
		return false;
	}
}
