import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupFailed, backUpDatabase, liveDatabasePath } from './db-backup.js';

const script = path.join(import.meta.dirname, 'db-backup.js');
let folder = '';
let live = '';
beforeEach(() => {
	folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-backup-'));
	live = path.join(folder, 'live.db');
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A database opened as the server opens it, with each booking and its message written together. */
function openLive() {
	const db = new Database(live);
	db.pragma('journal_mode = WAL');
	db.exec(`CREATE TABLE IF NOT EXISTS appointments (id INTEGER PRIMARY KEY, reference TEXT UNIQUE);
		CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, appointment_id INTEGER)`);
	return db;
}

const counts = (file) => {
	const db = new Database(file, { readonly: true });
	try {
		return {
			appointments: db.prepare('SELECT count(*) FROM appointments').pluck().get(),
			messages: db.prepare('SELECT count(*) FROM outbox').pluck().get()
		};
	} finally {
		db.close();
	}
};

describe('backUpDatabase', () => {
	it('copies what is still in the write-ahead log, into one file', async () => {
		const db = openLive();
		// Kept open so the server's changes stay in the -wal file, as they do while it runs.
		db.pragma('wal_autocheckpoint = 0');
		const book = db.transaction((n) => {
			const id = db.prepare('INSERT INTO appointments (reference) VALUES (?)').run(`REF${n}`);
			db.prepare('INSERT INTO outbox (appointment_id) VALUES (?)').run(id.lastInsertRowid);
		});
		for (let n = 0; n < 50; n++) book(n);
		expect(fs.statSync(`${live}-wal`).size).toBeGreaterThan(0);

		const backup = path.join(folder, 'backup.db');
		const written = await backUpDatabase(live, backup);
		db.close();

		expect(written.file).toBe(backup);
		expect(written.bytes).toBe(fs.statSync(backup).size);
		expect(counts(backup)).toEqual({ appointments: 50, messages: 50 });
		expect(fs.readdirSync(folder).sort()).toEqual(['backup.db', 'live.db']);
		const copy = new Database(backup, { readonly: true });
		expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
		copy.close();
	});

	it('takes a consistent copy while another process keeps writing', async () => {
		openLive().close();
		// Another process, as the server is: each transaction writes a booking and its message.
		const writer = spawn(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`import Database from 'better-sqlite3';
				const db = new Database(${JSON.stringify(live)});
				db.pragma('busy_timeout = 5000');
				const book = db.transaction((n) => {
					const id = db.prepare('INSERT INTO appointments (reference) VALUES (?)').run('REF' + n);
					db.prepare('INSERT INTO outbox (appointment_id) VALUES (?)').run(id.lastInsertRowid);
				});
				let n = 0;
				setInterval(() => { for (let i = 0; i < 20; i++) book(n++); }, 1);
				setTimeout(() => process.exit(0), 10_000);`
			],
			{ cwd: path.dirname(import.meta.dirname), stdio: 'ignore' }
		);
		try {
			await expect.poll(() => counts(live).appointments, { timeout: 5000 }).toBeGreaterThan(100);
			for (let round = 0; round < 5; round++) {
				const backup = path.join(folder, `backup-${round}.db`);
				await backUpDatabase(live, backup);
				const copied = counts(backup);
				expect(copied.appointments).toBeGreaterThan(0);
				// Never a booking without its message: the copy is of one moment.
				expect(copied.messages).toBe(copied.appointments);
			}
		} finally {
			writer.kill('SIGKILL');
		}
	});

	it('refuses to write over a file, and leaves nothing behind when it fails', async () => {
		openLive().close();
		const existing = path.join(folder, 'existing.db');
		fs.writeFileSync(existing, 'an earlier backup');
		await expect(backUpDatabase(live, existing)).rejects.toThrow(/already exists/);
		await expect(backUpDatabase(live, live)).rejects.toThrow(/different file/);
		await expect(backUpDatabase(path.join(folder, 'none.db'), 'x.db')).rejects.toThrow(
			BackupFailed
		);
		await expect(backUpDatabase(live, path.join(folder, 'no-such-folder', 'b.db'))).rejects.toThrow(
			/does not exist/
		);
		expect(fs.readFileSync(existing, 'utf8')).toBe('an earlier backup');
		expect(fs.readdirSync(folder).sort()).toEqual(['existing.db', 'live.db']);
	});
});

describe('liveDatabasePath', () => {
	it('finds the database as the server does', () => {
		expect(liveDatabasePath({ DATABASE_PATH: '/srv/joined-up.db' })).toBe('/srv/joined-up.db');
		expect(liveDatabasePath({ JOINED_UP_DEMO: 'true' })).toBe(path.join('data', 'demo.db'));
		expect(liveDatabasePath({})).toBe(path.join('data', 'joined-up.db'));
	});
});

describe('npm run db:backup', () => {
	const run = (...args) =>
		spawnSync(process.execPath, [script, ...args], {
			env: { ...process.env, DATABASE_PATH: live },
			encoding: 'utf8'
		});

	it('says what it wrote', () => {
		openLive().close();
		const backup = path.join(folder, 'backup.db');
		const { status, stdout } = run(backup);
		expect(status).toBe(0);
		expect(stdout).toContain(`to ${backup} (`);
		expect(stdout).toContain('integrity ok');
	});

	it('fails with a reason, and with usage when given no file', () => {
		const missing = run(path.join(folder, 'backup.db'));
		expect(missing.status).toBe(1);
		expect(missing.stderr).toContain(`db:backup failed: there is no database at ${live}`);
		expect(run().status).toBe(2);
	});
});
