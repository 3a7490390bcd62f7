// Migrations that copy a table to change its constraints must keep every row and every
// reference of a database already in use.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { inTransaction, openDatabase } from './client';
import * as tables from './schema';

const migrationsFolder = path.resolve('drizzle');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-migrations-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A copy of the migrations folder holding only those before `tag`. */
function migrationsBefore(tag: string): string {
	const folder = path.join(scratch, `before-${tag}`);
	fs.cpSync(migrationsFolder, folder, { recursive: true });
	const journalFile = path.join(folder, 'meta', '_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
	const at = journal.entries.findIndex((entry: { tag: string }) => entry.tag === tag);
	expect(at, `migration ${tag}`).toBeGreaterThan(0);
	journal.entries = journal.entries.slice(0, at);
	fs.writeFileSync(journalFile, JSON.stringify(journal));
	return folder;
}

describe('migrating a database in use', () => {
	it('0017 keeps accounts, sessions, requests and their events, and their references', () => {
		const file = path.join(scratch, 'in-use.db');
		const old = new Database(file);
		old.pragma('foreign_keys = ON');
		migrate(drizzle(old), { migrationsFolder: migrationsBefore('0017_record_links') });
		const patient = old
			.prepare(
				`INSERT INTO patients (given_name, family_name, date_of_birth, postcode)
				 VALUES ('Ada', 'Lovelace', '1815-12-10', 'E20 1AA')`
			)
			.run().lastInsertRowid;
		const user = old
			.prepare(
				`INSERT INTO users (email, password_hash, role, patient_id)
				 VALUES ('ada@example.org', 'hash', 'patient', ?)`
			)
			.run(patient).lastInsertRowid;
		old
			.prepare(
				`INSERT INTO sessions (id, secret_hash, user_id, created_at, expires_at)
				 VALUES ('s', x'00', ?, 0, 1)`
			)
			.run(user);
		const organisation = old
			.prepare(
				`INSERT INTO organisations (name, kind, borough, phone)
				 VALUES ('Practice', 'gp_practice', 'Eastmere', '020 7946 0000')`
			)
			.run().lastInsertRowid;
		const service = old
			.prepare(
				`INSERT INTO services (organisation_id, name, modes, phone)
				 VALUES (?, 'GP', '["in_person"]', '020 7946 0000')`
			)
			.run(organisation).lastInsertRowid;
		const request = old
			.prepare(
				`INSERT INTO contact_requests (reference, patient_id, service_id, topic, details,
				 details_language, place, days, day_parts, reach_by, needs, made_by_user_id, made_via,
				 due_by) VALUES ('ABC123', ?, ?, 'ongoing_condition', 'words', 'en', 'community_hub', '[1]',
				 '["morning"]', 'phone', '{}', ?, 'self', 0)`
			)
			.run(patient, service, user).lastInsertRowid;
		old
			.prepare(`INSERT INTO request_events (request_id, kind, via) VALUES (?, 'received', 'self')`)
			.run(request);
		old.close();

		const db = openDatabase(file, migrationsFolder);
		const sqlite = db.$client;
		expect(sqlite.prepare('SELECT email, patient_id FROM users').all()).toEqual([
			{ email: 'ada@example.org', patient_id: patient }
		]);
		expect(sqlite.prepare('SELECT user_id FROM sessions').all()).toEqual([{ user_id: user }]);
		expect(sqlite.prepare('SELECT reference, patient_id FROM contact_requests').all()).toEqual([
			{ reference: 'ABC123', patient_id: patient }
		]);
		expect(sqlite.prepare('SELECT request_id FROM request_events').all()).toEqual([
			{ request_id: request }
		]);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		// The copied table keeps its rules: an account needs a way to sign in.
		expect(() => sqlite.prepare(`INSERT INTO users (role) VALUES ('patient')`).run()).toThrow(
			/users_sign_in_identifier/
		);
		sqlite.close();
	});
});

describe('opening a database', () => {
	// The whole-database reference check reads every row of every table with a foreign key: on
	// an ICS's database that is most of the start-up time, so it runs only after a migration.
	it('checks references after applying migrations, and not when none was pending', () => {
		const file = path.join(scratch, 'reopened.db');
		const pragma = vi.spyOn(Database.prototype, 'pragma');
		const checks = () =>
			pragma.mock.calls.filter(([source]) => source === 'foreign_key_check').length;

		openDatabase(file, migrationsFolder).$client.close();
		expect(checks()).toBe(1);

		pragma.mockClear();
		const db = openDatabase(file, migrationsFolder);
		expect(checks()).toBe(0);
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		db.$client.close();
		pragma.mockRestore();
	});
});

describe('tracing statements (a diagnostic for bench/query-plans.js)', () => {
	it('records each distinct statement once, with placeholders and not the values', () => {
		const traceFile = path.join(scratch, 'trace.jsonl');
		const db = openDatabase(':memory:', migrationsFolder, { traceFile });
		const fresh = fs.readFileSync(traceFile, 'utf8').split('\n').length;
		const select = 'SELECT id FROM patients WHERE id = ?';
		db.$client.prepare(select).all(1);
		db.$client.prepare(select).all(2);
		const lines = fs
			.readFileSync(traceFile, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines.filter((line) => line === select)).toHaveLength(1);
		expect(lines.length).toBe(fresh);
		db.$client.close();
	});
});

describe('prepared statements kept by their text', () => {
	it('hands the same statement back, with any row mode another caller set switched off', () => {
		const db = openDatabase(':memory:', migrationsFolder);
		const text = 'SELECT 1 AS one, 2 AS two';
		const first = db.$client.prepare(text);
		expect(first.raw().get()).toEqual([1, 2]);
		const again = db.$client.prepare(text);
		expect(again).toBe(first);
		expect(again.get()).toEqual({ one: 1, two: 2 });
		expect(db.$client.prepare(text).pluck().get()).toBe(1);
		expect(db.$client.prepare(text).get()).toEqual({ one: 1, two: 2 });
		db.$client.close();
	});

	it('keeps the statements drizzle runs, and answers the same through them', async () => {
		// Watched from before the database opens: the connection keeps the driver's own prepare.
		const prepare = vi.spyOn(Database.prototype, 'prepare');
		const db = openDatabase(':memory:', migrationsFolder);
		const run = () => db.select().from(tables.organisations).where(eq(tables.organisations.id, 1));
		await db
			.insert(tables.organisations)
			.values({ name: 'Riverside', kind: 'gp_practice', borough: 'East', phone: '0' });
		expect((await run())[0]?.name).toBe('Riverside');
		const prepared = prepare.mock.calls.length;
		expect(prepared).toBeGreaterThan(0);
		expect((await run())[0]?.name).toBe('Riverside');
		expect(await run()).toHaveLength(1);
		expect(prepare.mock.calls.length).toBe(prepared);
		prepare.mockRestore();
		db.$client.close();
	});
});

describe('a unit of work (inTransaction)', () => {
	// Any table will do: numbers that asked for no more texts are one column each.
	const row = (phone: string) => ({ phone });
	const names = async (db: ReturnType<typeof openDatabase>) =>
		(await db.select({ phone: tables.textOptOuts.phone }).from(tables.textOptOuts))
			.map((kept) => kept.phone)
			.sort();

	it('commits all or nothing, and one begun inside another is a savepoint of it', async () => {
		const db = openDatabase(':memory:', migrationsFolder);
		await inTransaction(db, async (tx) => {
			await tx.insert(tables.textOptOuts).values(row('kept'));
			await inTransaction(db, async (inner) => {
				await inner.insert(tables.textOptOuts).values(row('inner, undone'));
				throw new Error('refused');
			}).catch(() => {});
		});
		await expect(
			inTransaction(db, async (tx) => {
				await tx.insert(tables.textOptOuts).values(row('undone'));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await names(db)).toEqual(['kept']);
	});

	it('runs two begun side by side one after the other, both whole', async () => {
		const db = openDatabase(':memory:', migrationsFolder);
		await Promise.all(
			['a', 'b', 'c'].map((name) =>
				inTransaction(db, async (tx) => {
					await tx.insert(tables.textOptOuts).values(row(name));
					await tx.insert(tables.textOptOuts).values(row(`${name} again`));
				})
			)
		);
		expect(await names(db)).toEqual(['a', 'a again', 'b', 'b again', 'c', 'c again']);
	});

	it('refuses, and undoes, a transaction that waits on anything but the database', async () => {
		const db = openDatabase(':memory:', migrationsFolder);
		await expect(
			inTransaction(db, async (tx) => {
				await tx.insert(tables.textOptOuts).values(row('waited'));
				await new Promise((resolve) => setTimeout(resolve, 1));
			})
		).rejects.toThrow(/waited on something other than the database/);
		expect(await names(db)).toEqual([]);
	});
});
