// For operators (healthz): can the app reach its database?
import { sql } from 'drizzle-orm';
import { database, firstRowOf } from './db';

/** True when the database answers a query; false when it cannot be opened or read. */
export async function databaseReachable(): Promise<boolean> {
	try {
		await firstRowOf(database(), sql`select 1`);
		return true;
	} catch {
		return false;
	}
}
