// The application's one database: the SQLite file (the embedded default, opened and migrated on
// first use) or, with DATABASE_URL, the PostgreSQL that several instances share (connected and
// migrated at start-up, connectDatabase()). The domain asks for database() and transaction() and
// never knows which: what differs between the two stays in this folder.
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import {
	RateLimiterPostgres,
	RateLimiterSQLite,
	type IRateLimiterStoreNoAutoExpiryOptions,
	type RateLimiterStoreAbstract
} from 'rate-limiter-flexible';
import {
	databasePath,
	databaseTraceFile,
	databaseUrl,
	migrationsFolder,
	usePostgres
} from '../config';
import { inTransaction, openDatabase, type Db, type TransactionOptions } from './client';
import { connectPostgres, migratePostgres, type PgDb, type Postgres } from './postgres';

export type { Db, TransactionOptions } from './client';
/** What a `transaction(...)` callback is given: the same queries, inside it. */
export type Transaction = Db;
/** Where a query runs: the database itself, or inside one of its transactions. */
export type Executor = Db | Transaction;
export * as tables from './tables';
export { usePostgres } from '../config';

let connection: Db | undefined;
let connected: Postgres | undefined;
let migrated: Promise<void> | undefined;

/**
 * On PostgreSQL, the transaction the running code is inside: database() gives it, so a domain
 * function called inside a transaction (booking's confirmation reads the appointment it just
 * wrote) sees what the transaction wrote, and a transaction inside it is a savepoint of it. On
 * SQLite there is one connection, so the transaction is already wherever the code is.
 */
const inside = new AsyncLocalStorage<PgDb>();

/**
 * The database, typed as SQLite's: the domain's queries are written once, with drizzle's query
 * builder, and PostgreSQL's twin tables (tables.ts) take the same ones.
 */
export function database(): Db {
	if (!usePostgres) {
		connection ??= openDatabase(databasePath, migrationsFolder, { traceFile: databaseTraceFile });
		return connection;
	}
	return (inside.getStore() ?? postgresDb()) as unknown as Db;
}

/**
 * PostgreSQL as it is: connectDatabase() at start-up migrates it first; before that (a unit test's
 * database, copied from a migrated one) the pool is made on first use.
 */
function postgresDb(): PgDb {
	connected ??= connectPostgres(databaseUrl!);
	return connected.db;
}

/**
 * Opens the database and applies migrations not yet applied: on PostgreSQL once across every
 * instance starting together (an advisory lock, postgres.ts). Called at start-up.
 */
export async function connectDatabase(): Promise<void> {
	if (!usePostgres) {
		database();
		return;
	}
	postgresDb();
	migrated ??= migratePostgres(connected!, migrationsFolder);
	await migrated;
}

/** At shutdown (see ../shutdown.ts); the next database() opens it again. */
export async function closeDatabase(): Promise<void> {
	connection?.$client.close();
	connection = undefined;
	const open = connected;
	connected = migrated = undefined;
	await open?.close();
}

/**
 * One number for the whole cluster: read-then-write transactions (`behavior: 'immediate'`) take
 * it, so on PostgreSQL they run one at a time across every instance, as SQLite's immediate
 * transactions do in one. What one read still holds when it writes, whichever instance wrote last.
 */
const writeLock = 4_201_926_000_727n;

/**
 * Runs `work` as one unit: all of its queries commit together, or none do. SQLite: see client.ts's
 * inTransaction. PostgreSQL: a transaction on one pooled connection, which database() gives to all
 * the code inside it; `immediate` takes the write lock first.
 */
export function transaction<T>(
	work: (tx: Transaction) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	if (!usePostgres) return inTransaction(database(), work, options);
	return (inside.getStore() ?? postgresDb()).transaction(async (tx) => {
		if (options.behavior === 'immediate')
			await tx.execute(sql`select pg_advisory_xact_lock(${writeLock.toString()}::bigint)`);
		return await inside.run(tx as unknown as PgDb, () => work(tx as unknown as Db));
	});
}

/**
 * A rate-limiter-flexible limiter that counts in this database, in a table of its own (made by the
 * library on first use), so every instance counts the same tries and a restart forgets nothing.
 */
export function databaseRateLimiter(
	options: Omit<IRateLimiterStoreNoAutoExpiryOptions, 'storeClient' | 'storeType'>,
	ready: (error?: Error) => void
): RateLimiterStoreAbstract {
	if (!usePostgres)
		return new RateLimiterSQLite(
			{ ...options, storeClient: database().$client, storeType: 'better-sqlite3' },
			ready
		);
	return new RateLimiterPostgres(
		{ ...options, storeClient: postgresDb().$client, storeType: 'pool' },
		ready
	);
}

/**
 * How many rows a write without `returning()` changed: SQLite's driver says `changes`,
 * PostgreSQL's `rowCount`.
 */
export function changedRows(result: { changes: number }): number {
	const { rowCount } = result as { rowCount?: number | null };
	return rowCount !== undefined ? (rowCount ?? 0) : result.changes;
}

// Hand-written SQL, for what the query builder cannot say (recursive walks, counts over weeks).
// Each database runs it its own way; callers see rows as plain objects either way.

/** The rows a hand-written query gives. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
	if (usePostgres) return (await (db as unknown as PgDb).execute(query)).rows as Row[];
	return db.all<Row>(query);
}

/** The first row a hand-written query gives, if any. */
export async function firstRowOf<Row>(db: Executor, query: SQL): Promise<Row | undefined> {
	if (usePostgres) return (await rowsOf<Row>(db, query))[0];
	return db.get<Row>(query);
}

/** Runs a hand-written statement that gives no rows; returns how many rows it changed. */
export async function execute(db: Executor, statement: SQL): Promise<number> {
	if (usePostgres) return (await (db as unknown as PgDb).execute(statement)).rowCount ?? 0;
	return db.run(statement).changes;
}

/**
 * A hand-written query's text as SQLite is given it, each value a `?`: for a benchmark to ask
 * SQLite for its plan.
 */
export function sqliteText(query: SQL): string {
	return new SQLiteSyncDialect().sqlToQuery(query).sql;
}

/**
 * A subquery of one integer field of each object in a JSON array inside a JSON text column
 * (`content`'s `careTeam[].teamId`), for `… in (…)`: SQLite's json_each, PostgreSQL's
 * jsonb_array_elements. `array` and `field` are the code's own names, never input.
 */
export function jsonArrayIntegers(json: SQL | SQLWrapper, array: string, field: string): SQL {
	if (!/^\w+$/.test(array) || !/^\w+$/.test(field)) throw new Error('a JSON name, not input');
	if (usePostgres)
		return sql`select (element ->> ${sql.raw(`'${field}'`)})::integer from jsonb_array_elements((${json})::jsonb -> ${sql.raw(`'${array}'`)}) as element`;
	return sql`select json_extract(value, ${sql.raw(`'$.${field}'`)}) from json_each(${json}, ${sql.raw(`'$.${array}'`)})`;
}

/**
 * The database refused a write because another row already holds a unique value: `constraint`
 * names the unique index (as the schema names it), whose columns SQLite's message lists instead.
 */
export function isUniqueViolation(
	error: unknown,
	constraint: { index: string; columns: string }
): boolean {
	// drizzle may wrap the driver's error: the code is then on its cause.
	for (const candidate of [error, error instanceof Error ? error.cause : undefined]) {
		if (!(candidate instanceof Error) || !('code' in candidate)) continue;
		const { code, message } = candidate;
		if (code === '23505')
			return (candidate as { constraint?: unknown }).constraint === constraint.index;
		if (code === 'SQLITE_CONSTRAINT_UNIQUE') return message.includes(constraint.columns);
	}
	return false;
}
