// What the bench scripts read from a server's database, on SQLite (its file) or PostgreSQL (its
// address) alike: `rows(sql, values)` with `?` for each value, written in SQL both understand.
import Database from 'better-sqlite3';
import pg from 'pg';

/** Reads the database of a bench server (bench/server.js): `server.database` or `server.databaseUrl`. */
export async function benchDatabaseOf(server) {
	if (server.databaseUrl) {
		const client = new pg.Client({ connectionString: server.databaseUrl });
		await client.connect();
		// Numbers as SQLite gives them: counts and ms timestamps are bigint, which pg reads as text.
		const asNumber = {
			getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))
		};
		return {
			async rows(sql, values = []) {
				let n = 0;
				const text = sql.replace(/\?/g, () => `$${++n}`);
				return (await client.query({ text, values, types: asNumber })).rows;
			},
			close: () => client.end()
		};
	}
	const db = new Database(server.database, { readonly: true, fileMustExist: true });
	return {
		...sqliteRows(db),
		async close() {
			db.close();
		}
	};
}

/** The same reads on a SQLite database the caller has open (better-sqlite3). */
export const sqliteRows = (db) => ({
	async rows(sql, values = []) {
		return db.prepare(sql).all(...values);
	}
});

/** `?, ?, …`: one placeholder for each of `values`, for an `IN (…)` list. */
export const placeholders = (values) => values.map(() => '?').join(', ');
