// Opens a PostgreSQL database the way Joined Up expects it, with every migration applied once
// however many instances start together: the PostgreSQL twin of client.ts.
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from './pg/schema';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface Postgres {
	db: PgDb;
	/** Ends every connection of the pool; the database stays as it is. */
	close(): Promise<void>;
}

/**
 * The advisory lock held while migrating (one number for the whole cluster, as PostgreSQL's
 * advisory locks are). drizzle's migrator reads which migrations were applied and then applies
 * the rest in a transaction: two instances starting together would both read "none" and both
 * apply them (or fail on `CREATE SCHEMA`), so each waits here for the one before it.
 */
export const migrationLock = 4_201_926_000_726n;

export interface PostgresOptions {
	/** Connections the pool may open (node-postgres's default is 10). */
	max?: number;
}

export async function openPostgres(
	url: string,
	migrationsFolder: string,
	options: PostgresOptions = {}
): Promise<Postgres> {
	const postgres = connectPostgres(url, options);
	try {
		await migratePostgres(postgres, migrationsFolder);
	} catch (error) {
		await postgres.close();
		throw error;
	}
	return postgres;
}

/** Applies the migrations not yet applied, once however many instances ask at the same moment. */
export function migratePostgres(postgres: Postgres, migrationsFolder: string): Promise<void> {
	return migrateOnce(postgres.db.$client, migrationsFolder);
}

/**
 * The database as it is, migrations or not: a pool opens its connections as queries need them,
 * so this needs no waiting. openPostgres is the way in at start-up.
 */
export function connectPostgres(url: string, options: PostgresOptions = {}): Postgres {
	readNumbersAsSqliteDoes();
	const pool = new pg.Pool({ connectionString: url, max: options.max });
	// An idle connection's error (the server restarting) would otherwise end the process; the
	// next query gets a new connection, or its own error.
	pool.on('error', () => {});
	const db = drizzle(pool, { schema }) as PgDb;
	return { db, close: () => pool.end() };
}

/** Applies pending migrations on one connection that holds the migration lock throughout. */
async function migrateOnce(pool: pg.Pool, migrationsFolder: string): Promise<void> {
	const client = await pool.connect();
	let locked = false;
	try {
		await client.query('SELECT pg_advisory_lock($1)', [migrationLock.toString()]);
		locked = true;
		await migrate(drizzle(client, { schema }), { migrationsFolder });
	} finally {
		try {
			if (locked) await client.query('SELECT pg_advisory_unlock($1)', [migrationLock.toString()]);
			client.release();
		} catch (error) {
			// A connection that could not unlock is closed, which lets the lock go with it.
			client.release(error as Error);
		}
	}
}

let parsersSet = false;

/**
 * `count(*)`, `sum()` and the epoch-millisecond columns come back from node-postgres as strings
 * (bigint, numeric), since they may pass 2^53; SQLite gives numbers, and the domain's raw SQL
 * expects them. None of Joined Up's passes 2^53, and one that did would throw rather than be
 * rounded. drizzle reads node-postgres's global parsers, so these are set there, once.
 */
function readNumbersAsSqliteDoes(): void {
	if (parsersSet) return;
	parsersSet = true;
	pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
		const number = Number(value);
		if (!Number.isSafeInteger(number)) throw new RangeError(`bigint ${value} passes 2^53`);
		return number;
	});
	pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
}
