// Opens a SQLite database the way every part of Joined Up expects it: WAL, foreign keys, a busy
// timeout, and all migrations applied.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
	/** Append each distinct statement's text to this file (a diagnostic; see config.ts). */
	traceFile?: string | null;
}

export function openDatabase(
	file: string,
	migrationsFolder: string,
	options: OpenOptions = {}
): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new Database(file);
	if (options.traceFile) traceStatements(sqlite, options.traceFile);
	keepPreparedStatements(sqlite);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	const db = drizzle(sqlite, { schema });
	// SQLite changes a column's constraints by copying the table to a new one: its documented
	// way needs foreign keys off while that happens (the migrator runs in one transaction, where
	// the migration's own PRAGMA does nothing), then a check that every reference still holds.
	// The check reads every row of every table with a reference, so it runs only when a migration
	// did: references can break only while foreign keys are off, which is only during migrating
	// (every other write happens with them on), so a database with nothing to apply is as sound as
	// when the last migration was checked.
	sqlite.pragma('foreign_keys = OFF');
	const before = appliedMigrations(sqlite);
	migrate(db, { migrationsFolder });
	if (appliedMigrations(sqlite) !== before) {
		const broken = sqlite.pragma('foreign_key_check') as unknown[];
		if (broken.length > 0) {
			throw new Error(`migrations left ${broken.length} broken references`);
		}
	}
	sqlite.pragma('foreign_keys = ON');
	return db;
}

/** How many migrations the database has recorded as applied (drizzle's own table; none yet: 0). */
function appliedMigrations(sqlite: Database.Database): number {
	const table = sqlite
		.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
		.get();
	if (!table) return 0;
	return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number })
		.n;
}

/** How many prepared statements a connection keeps: the app runs a few hundred distinct texts. */
export const keptStatements = 1000;

/**
 * Keeps each statement prepared, by its text. Drizzle prepares a query's text every time it runs
 * it, and SQLite parses and plans it each time: a quarter of a page's CPU went to building and
 * preparing queries (bench/README.md, "Scale"). A better-sqlite3 statement can be run again and
 * again; what one caller switched on (drizzle's `raw()` for rows as arrays, `pluck`, `expand`) is
 * switched off before another gets it. Statements are used synchronously and never left iterating,
 * so one is never busy when handed out again. Texts differ with the length of an `IN (...)` list,
 * so the least recently used are dropped past `keptStatements`.
 */
function keepPreparedStatements(sqlite: Database.Database): void {
	const kept = new Map<string, Database.Statement>();
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		let statement = kept.get(source);
		if (statement) {
			// Most recently used last, so the first in the map is the one to drop.
			kept.delete(source);
			if (statement.reader) statement.raw(false).pluck(false).expand(false);
		} else {
			statement = prepare(source);
			if (kept.size >= keptStatements) kept.delete(kept.keys().next().value!);
		}
		kept.set(source, statement);
		return statement;
	}) as typeof sqlite.prepare;
}

/**
 * Records the text of every distinct statement prepared on this connection, once each. Drizzle
 * prepares each query's text (with `?` placeholders) as it runs it, so this is the set of queries
 * the server ran; better-sqlite3's `verbose` hook would give each run with its values filled in.
 */
function traceStatements(sqlite: Database.Database, traceFile: string): void {
	const seen = new Set<string>();
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		if (!seen.has(source)) {
			seen.add(source);
			fs.appendFileSync(traceFile, JSON.stringify(source) + '\n');
		}
		return prepare(source);
	}) as typeof sqlite.prepare;
}

export interface TransactionOptions {
	/**
	 * `immediate` for read-then-write: the write lock is taken before the first read, so what was
	 * read still holds when the write happens.
	 */
	behavior?: 'deferred' | 'immediate';
}

/** How deep each connection is in transactions: one inside another is a savepoint. */
const depths = new WeakMap<Db, number>();
/** The connection whose transaction the running code is inside, if any. */
const inside = new AsyncLocalStorage<Db>();
/** Each connection's running transaction, for a transaction begun beside it to wait for. */
const running = new WeakMap<Db, Promise<unknown>>();

/**
 * Runs `work` as one unit: all of its queries commit together, or none do.
 *
 * SQLite has one connection per process, and better-sqlite3 runs each query synchronously, so an
 * `await` on a query inside `work` resumes before any other request's code runs: the event loop
 * does not turn until `work` settles, and no other request's query can land inside this
 * transaction. That holds only while `work` awaits nothing but queries; a transaction that waits
 * on anything else (a timer, a hash, the network) is refused and rolled back, rather than
 * letting other requests' writes slip into it. A transaction begun inside `work` is a savepoint of
 * it; one begun beside it (two at once in a `Promise.all`) waits for it to end.
 */
export async function inTransaction<T>(
	db: Db,
	work: (tx: Db) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	if (inside.getStore() !== db) {
		for (let other = running.get(db); other; other = running.get(db)) await other.catch(() => {});
		const unit = inside.run(db, () => runUnit(db, work, options));
		running.set(db, unit);
		try {
			return await unit;
		} finally {
			if (running.get(db) === unit) running.delete(db);
		}
	}
	return await runUnit(db, work, options);
}

async function runUnit<T>(
	db: Db,
	work: (tx: Db) => Promise<T>,
	options: TransactionOptions
): Promise<T> {
	const sqlite = db.$client;
	const depth = depths.get(db) ?? 0;
	const savepoint = depth > 0 ? `unit_${depth}` : null;
	sqlite.exec(
		savepoint
			? `SAVEPOINT ${savepoint}`
			: options.behavior === 'immediate'
				? 'BEGIN IMMEDIATE'
				: 'BEGIN'
	);
	depths.set(db, depth + 1);
	let turned = false;
	const turn = setImmediate(() => (turned = true));
	try {
		const result = await work(db);
		if (turned) throw new Error('a SQLite transaction waited on something other than the database');
		sqlite.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
		return result;
	} catch (error) {
		if (sqlite.inTransaction)
			sqlite.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
		throw error;
	} finally {
		depths.set(db, depth);
		clearImmediate(turn);
	}
}
