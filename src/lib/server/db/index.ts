// The application's one database connection, opened (and migrated) on first use.
import { databasePath, databaseTraceFile, migrationsFolder } from '../config';
import { openDatabase, type Db } from './client';

export type { Db } from './client';
/** What a `database().transaction(...)` callback is given: the same queries, inside it. */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Where a query runs: the database itself, or inside one of its transactions. */
export type Executor = Db | Transaction;
export * as tables from './schema';

let connection: Db | undefined;

export function database(): Db {
	connection ??= openDatabase(databasePath, migrationsFolder, { traceFile: databaseTraceFile });
	return connection;
}

/** At shutdown (see ../shutdown.ts); the next database() would open it again. */
export function closeDatabase(): void {
	connection?.$client.close();
	connection = undefined;
}
