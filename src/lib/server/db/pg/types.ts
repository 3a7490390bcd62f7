// Column types that store values in PostgreSQL exactly as the SQLite schema does (epoch
// milliseconds, 0/1 flags, JSON as text), so stored values and raw SQL fragments such as
// `blocked = 0` or `starts_at < ${ms}` mean the same on both databases.
//
// drizzle-kit writes a non-SQL default of a custom type as the JS value itself (`DEFAULT false`
// on an integer column, `DEFAULT [object Object]`), so defaults of these columns are given as SQL:
// `.default(sql`0`)`, `.default(sql`'{}'`)`.
import { sql } from 'drizzle-orm';
import { customType } from 'drizzle-orm/pg-core';

/** A moment as epoch milliseconds in a `bigint`, read and written as a `Date`. */
export const timestampMs = customType<{ data: Date; driverData: string | number }>({
	dataType: () => 'bigint',
	toDriver: (value) => value.getTime(),
	// node-postgres gives a bigint as a string, since it may pass 2^53; milliseconds never do.
	fromDriver: (value) => new Date(Number(value))
});

/**
 * Now, in epoch milliseconds, as SQLite's `unixepoch('subsec') * 1000` gives it: the statement's
 * time, not the transaction's (`now()`), so rows written one statement after another in one
 * transaction keep their order.
 */
export const epochMsNow = sql`(floor(extract(epoch from statement_timestamp()) * 1000))::bigint`;

/** A yes/no as an `integer` holding 0 or 1, read and written as a boolean. */
export const flag = customType<{ data: boolean; driverData: number }>({
	dataType: () => 'integer',
	toDriver: (value) => (value ? 1 : 0),
	fromDriver: (value) => Number(value) === 1
});

/** JSON kept as `text`, read and written as the value; narrow it with `.$type<...>()`. */
export const jsonText = customType<{ data: unknown; driverData: string }>({
	dataType: () => 'text',
	toDriver: (value) => JSON.stringify(value),
	fromDriver: (value) => JSON.parse(value)
});

/** Bytes (hashes of secrets) as `bytea`, read and written as a Node `Buffer`. */
export const bytes = customType<{ data: Buffer; driverData: Buffer }>({
	dataType: () => 'bytea',
	toDriver: (value) => value,
	fromDriver: (value) => value
});
