// The PostgreSQL schema is a second copy of the SQLite one, kept by hand: this holds them to the
// same tables, columns, keys and indexes, so that a change to one without the other fails here
// rather than in production on the other database.
import { is, SQL, type Column } from 'drizzle-orm';
import {
	getTableConfig as pgTableConfig,
	PgDialect,
	PgTable,
	type IndexColumn as PgIndexColumn
} from 'drizzle-orm/pg-core';
import {
	getTableConfig as sqliteTableConfig,
	SQLiteSyncDialect,
	SQLiteTable
} from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../schema';
import * as pgSchema from './schema';
import { epochMsNow } from './types';

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

/** Now in epoch milliseconds, as each dialect's default writes it. */
const sqliteNow = "(unixepoch('subsec') * 1000)";
const pgNow = pgDialect.sqlToQuery(epochMsNow).sql;

type Kind = 'id' | 'integer' | 'ms-timestamp' | 'flag' | 'json' | 'text' | 'bytes' | 'real';

/** What a column holds, in words both dialects share; anything else is named as it is. */
function sqliteKind(column: Column): Kind | string {
	const c = column as Column & { autoIncrement?: boolean; mode?: string };
	switch (c.columnType) {
		case 'SQLiteInteger':
			return c.autoIncrement ? 'id' : 'integer';
		case 'SQLiteTimestamp':
			return c.mode === 'timestamp_ms' ? 'ms-timestamp' : `SQLiteTimestamp:${c.mode}`;
		case 'SQLiteBoolean':
			return 'flag';
		case 'SQLiteTextJson':
			return 'json';
		case 'SQLiteText':
			return 'text';
		case 'SQLiteBlobBuffer':
			return 'bytes';
		case 'SQLiteReal':
			return 'real';
		default:
			return c.columnType;
	}
}

function pgKind(column: Column): Kind | string {
	switch (column.columnType) {
		case 'PgInteger':
			return column.generatedIdentity ? 'id' : 'integer';
		// The column types of ./types.ts, told apart by what they store.
		case 'PgCustomColumn':
			return (
				{ bigint: 'ms-timestamp', integer: 'flag', text: 'json', bytea: 'bytes' }[
					column.getSQLType()
				] ?? `PgCustomColumn:${column.getSQLType()}`
			);
		case 'PgText':
			return 'text';
		case 'PgDoublePrecision':
			return 'real';
		default:
			return column.columnType;
	}
}

/** A default as the SQL it stores, so that `false` in SQLite and `0` in PostgreSQL agree. */
function sqliteDefault(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (is(value, SQL)) {
		const text = sqliteDialect.sqlToQuery(value).sql;
		return text === sqliteNow ? 'now' : text;
	}
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value === 'string') return `'${value}'`;
	if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
	return String(value);
}

function pgDefault(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	if (is(value, SQL)) {
		const text = pgDialect.sqlToQuery(value).sql;
		return text === pgNow ? 'now' : text;
	}
	if (typeof value === 'string') return `'${value}'`;
	return String(value);
}

function describeColumn(column: Column, kind: string, defaultValue: string | undefined) {
	return {
		kind,
		notNull: column.notNull,
		// An identity column has a default in PostgreSQL's terms and none in SQLite's. SQLite
		// counts any integer primary key as having one (it is the rowid, numbered when left out);
		// PostgreSQL does not, so the code always gives those (`text_polling.id` is 1).
		hasDefault:
			kind === 'id' ||
			(column.hasDefault && !(kind === 'integer' && column.primary && defaultValue === undefined)),
		default: defaultValue,
		primary: column.primary,
		unique: column.isUnique ? column.uniqueName : false,
		enum: column.enumValues ?? null
	};
}

const names = (columns: { name: string }[]) => columns.map((c) => c.name);

/** A table as both dialects can say it: what must be the same on either database. */
type Shape = {
	columns: Record<string, ReturnType<typeof describeColumn>>;
	indexes: Record<string, { columns: string[]; unique: boolean; where: string | null }>;
	foreignKeys: Record<
		string,
		{ columns: string[]; table: string; foreignColumns: string[]; onDelete: string }
	>;
	primaryKeys: Record<string, string[]>;
	uniqueConstraints: Record<string, string[]>;
	checks: Record<string, string>;
};

function sqliteShape(table: SQLiteTable): Shape {
	const config = sqliteTableConfig(table);
	return {
		columns: Object.fromEntries(
			config.columns.map((c) => [
				c.name,
				describeColumn(c, sqliteKind(c), sqliteDefault(c.default))
			])
		),
		indexes: Object.fromEntries(
			config.indexes.map((i) => [
				i.config.name,
				{
					columns: i.config.columns.map((c) => (is(c, SQL) ? 'sql' : (c as Column).name)),
					unique: i.config.unique,
					where: i.config.where ? sqliteDialect.sqlToQuery(i.config.where).sql : null
				}
			])
		),
		foreignKeys: Object.fromEntries(
			config.foreignKeys.map((fk) => {
				const reference = fk.reference();
				return [
					fk.getName(),
					{
						columns: names(reference.columns),
						table: sqliteTableConfig(reference.foreignTable).name,
						foreignColumns: names(reference.foreignColumns),
						onDelete: fk.onDelete ?? 'no action'
					}
				];
			})
		),
		primaryKeys: Object.fromEntries(
			config.primaryKeys.map((pk) => [pk.getName(), names(pk.columns)])
		),
		uniqueConstraints: Object.fromEntries(
			config.uniqueConstraints.map((u) => [u.getName(), names(u.columns)])
		),
		checks: Object.fromEntries(
			config.checks.map((c) => [c.name, sqliteDialect.sqlToQuery(c.value).sql])
		)
	};
}

function pgShape(table: PgTable): Shape {
	const config = pgTableConfig(table);
	return {
		columns: Object.fromEntries(
			config.columns.map((c) => [c.name, describeColumn(c, pgKind(c), pgDefault(c.default))])
		),
		indexes: Object.fromEntries(
			config.indexes.map((i) => [
				i.config.name!,
				{
					columns: i.config.columns.map((c) => (is(c, SQL) ? 'sql' : (c as PgIndexColumn).name!)),
					unique: i.config.unique,
					where: i.config.where ? pgDialect.sqlToQuery(i.config.where).sql : null
				}
			])
		),
		foreignKeys: Object.fromEntries(
			config.foreignKeys.map((fk) => {
				const reference = fk.reference();
				return [
					fk.getName(),
					{
						columns: names(reference.columns),
						table: pgTableConfig(reference.foreignTable).name,
						foreignColumns: names(reference.foreignColumns),
						onDelete: fk.onDelete ?? 'no action'
					}
				];
			})
		),
		primaryKeys: Object.fromEntries(
			config.primaryKeys.map((pk) => [pk.getName(), names(pk.columns)])
		),
		uniqueConstraints: Object.fromEntries(
			config.uniqueConstraints.map((u) => [u.getName(), names(u.columns)])
		),
		checks: Object.fromEntries(
			config.checks.map((c) => [c.name, pgDialect.sqlToQuery(c.value).sql])
		)
	};
}

function sqliteTables(schema: Record<string, unknown>): Map<string, Shape> {
	return new Map(
		Object.values(schema)
			.filter((value): value is SQLiteTable => is(value, SQLiteTable))
			.map((table) => [sqliteTableConfig(table).name, sqliteShape(table)])
	);
}

function pgTables(schema: Record<string, unknown>): Map<string, Shape> {
	return new Map(
		Object.values(schema)
			.filter((value): value is PgTable => is(value, PgTable))
			.map((table) => [pgTableConfig(table).name, pgShape(table)])
	);
}

describe('the PostgreSQL schema is the SQLite schema', () => {
	const sqlite = sqliteTables(sqliteSchema);
	const pg = pgTables(pgSchema);

	it('has the same tables', () => {
		expect(sqlite.size).toBeGreaterThan(40);
		expect([...pg.keys()].sort()).toEqual([...sqlite.keys()].sort());
	});

	it.each([...sqlite.keys()].sort())('%s: the same columns, keys, indexes and checks', (name) => {
		expect(pg.get(name)).toEqual(sqlite.get(name));
	});

	it('exports the same names, so code can import either', () => {
		expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
	});
});
