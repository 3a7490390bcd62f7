// A whole SQLite database copied into a PostgreSQL one, replacing what it held: how the demo
// comes to PostgreSQL (demo/demo.ts makes it in a SQLite file, as `npm run demo` always has, then
// copies it), so one seeder serves both and the two demos hold the same people and diaries.
// The twin schemas hold values in the same physical form (pg/schema.spec.ts), so each row read
// through one table's drizzle columns is written through its twin's unchanged.
import { getTableColumns, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import type { Db } from './client';
import * as postgresTables from './pg/schema';
import { migratePostgres, type PgDb, type Postgres } from './postgres';
import * as sqliteTables from './schema';

type TableName = keyof typeof postgresTables & keyof typeof sqliteTables;

/**
 * PostgreSQL's tables in an order each one's references are satisfied by those before it. A
 * reference from a table to itself (a message replacing an earlier one) is satisfied by copying
 * its rows in the order of their ids (copyTable).
 */
export function tablesInReferenceOrder(): TableName[] {
	const byTable = new Map<PgTable, TableName>();
	for (const [name, value] of Object.entries(postgresTables)) {
		if (is(value, PgTable)) byTable.set(value, name as TableName);
	}
	const ordered: TableName[] = [];
	const placed = new Set<PgTable>();
	const visiting = new Set<PgTable>();
	const place = (table: PgTable) => {
		if (placed.has(table)) return;
		if (visiting.has(table)) throw new Error(`references form a cycle at ${byTable.get(table)}`);
		visiting.add(table);
		for (const key of getTableConfig(table).foreignKeys) {
			const referred = key.reference().foreignTable;
			if (referred !== table) place(referred);
		}
		visiting.delete(table);
		placed.add(table);
		ordered.push(byTable.get(table)!);
	};
	for (const table of byTable.keys()) place(table);
	return ordered;
}

/** PostgreSQL allows 65,535 values in one statement; batches keep well inside it. */
const valuesPerInsert = 30_000;

/**
 * Replaces the PostgreSQL database's contents with the SQLite database's: its tables dropped,
 * every migration applied afresh, every row copied in one transaction, the identity columns set
 * to carry on after the copied ids. `mark` is written as the database's comment, and a database
 * that has tables is replaced only when it carries that mark, so nothing but a copy made this way
 * (or an empty database) is ever dropped.
 */
export async function replacePostgresWithCopy(
	postgres: Postgres,
	source: Db,
	{ migrationsFolder, mark }: { migrationsFolder: string; mark: string }
): Promise<void> {
	const db = postgres.db;
	const pool = db.$client;
	const { rows } = await pool.query<{ name: string; comment: string | null; tables: number }>(
		`SELECT current_database() AS name,
		   shobj_description(d.oid, 'pg_database') AS comment,
		   (SELECT count(*)::int FROM pg_tables WHERE schemaname IN ('public', 'drizzle')) AS tables
		 FROM pg_database d WHERE d.datname = current_database()`
	);
	const { name, comment, tables } = rows[0]!;
	if (tables > 0 && comment !== mark) {
		throw new Error(
			`the PostgreSQL database ${name} has tables and is not a copy made by Joined Up's demo; refusing to replace it. Set DATABASE_URL to another database.`
		);
	}
	await pool.query(
		'DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public'
	);
	await migratePostgres(postgres, migrationsFolder);
	await db.transaction(async (tx) => {
		for (const table of tablesInReferenceOrder())
			await copyTable(tx as unknown as PgDb, source, table);
	});
	await pool.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS ${pg.escapeLiteral(mark)}`);
}

/** A SQLite table's primary key columns (every column, for a table without one). */
function primaryKeyOf(table: SQLiteTable) {
	const { columns, primaryKeys } = getSqliteTableConfig(table);
	const own = columns.filter((column) => column.primary);
	return own.length > 0 ? own : (primaryKeys[0]?.columns ?? columns);
}

async function copyTable(target: PgDb, source: Db, name: TableName): Promise<void> {
	const from = sqliteTables[name] as (typeof sqliteTables)['users'];
	const to = postgresTables[name] as (typeof postgresTables)['users'];
	// In the order of their ids: a row refers only to rows made before it (outbox.replaces_id).
	const rows = await source
		.select()
		.from(from)
		.orderBy(...primaryKeyOf(from));
	const columns = Object.keys(getTableColumns(to)).length;
	const batch = Math.max(1, Math.floor(valuesPerInsert / columns));
	for (let start = 0; start < rows.length; start += batch) {
		const insert = target.insert(to).values(rows.slice(start, start + batch));
		// Copying the slots has already marked their services stale (the insight triggers), so
		// the copied marks may be there; any other row is there once, or the copy fails.
		await (name === 'insightStale' ? insert.onConflictDoNothing() : insert);
	}
	const { name: table, columns: all } = getTableConfig(to);
	for (const column of all) {
		if (column.generatedIdentity === undefined) continue;
		// The next id follows the last copied one (or starts at 1 for a table left empty).
		await target.execute(
			sql`SELECT setval(pg_get_serial_sequence(${table}, ${column.name}),
			  coalesce((SELECT max(${sql.identifier(column.name)}) FROM ${sql.identifier(table)}), 0) + 1,
			  false)`
		);
	}
}
