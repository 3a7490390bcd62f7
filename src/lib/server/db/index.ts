// The application's one database connection, opened (and migrated) on first use.
import type { SQL } from 'drizzle-orm';
import { databasePath, databaseTraceFile, migrationsFolder } from '../config';
import { inTransaction, openDatabase, type Db, type TransactionOptions } from './client';

export type { Db, TransactionOptions } from './client';
/** What a `transaction(...)` callback is given: the same queries, inside it. */
export type Transaction = Db;
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

/**
 * Runs `work` as one unit on the application's database: all of its queries commit together, or
 * none do (see client.ts's inTransaction for how, and why it waits on nothing but queries).
 */
export function transaction<T>(
	work: (tx: Transaction) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	return inTransaction(database(), work, options);
}

// Hand-written SQL, for what the query builder cannot say (recursive walks, counts over weeks).
// Each database runs it its own way; callers see rows as plain objects either way.

/** The rows a hand-written query gives. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
	return db.all<Row>(query);
}

/** The first row a hand-written query gives, if any. */
export async function firstRowOf<Row>(db: Executor, query: SQL): Promise<Row | undefined> {
	return db.get<Row>(query);
}

/** Runs a hand-written statement that gives no rows. */
export async function execute(db: Executor, statement: SQL): Promise<void> {
	db.run(statement);
}
