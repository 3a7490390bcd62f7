// Opens a SQLite database the way every part of Joined Up expects it: WAL, foreign keys, a busy
// timeout, and all migrations applied.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDatabase(file: string, migrationsFolder: string): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	const db = drizzle(sqlite, { schema });
	// SQLite changes a column's constraints by copying the table to a new one: its documented
	// way needs foreign keys off while that happens (the migrator runs in one transaction, where
	// the migration's own PRAGMA does nothing), then a check that every reference still holds.
	sqlite.pragma('foreign_keys = OFF');
	migrate(db, { migrationsFolder });
	const broken = sqlite.pragma('foreign_key_check') as unknown[];
	if (broken.length > 0) {
		throw new Error(`migrations left ${broken.length} broken references`);
	}
	sqlite.pragma('foreign_keys = ON');
	return db;
}
