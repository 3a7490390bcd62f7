// The demo on PostgreSQL (run by the postgres project only: vite.config.ts): made in SQLite and
// copied, every row of every table the same in both, ids carrying on after the copied ones, and
// never replacing a database that is not a demo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { replacePostgresWithCopy, tablesInReferenceOrder } from '../db/copy';
import * as postgresTables from '../db/pg/schema';
import { connectPostgres } from '../db/postgres';
import * as sqliteTables from '../db/schema';
import { migrationsFolder, sqliteMigrationsFolder, usePostgres } from '../config';
import { createDemo, createDemoDatabase } from './demo';

const postgres = connectPostgres(process.env.DATABASE_URL!);
afterAll(() => postgres.close());
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-demo-copy-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const mark = 'a copy made by this test';
/** A table's rows as comparable text, in one order whatever order each database gave them in. */
const rowsAsText = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

describe('the demo on PostgreSQL', () => {
	it('runs on PostgreSQL', () => {
		expect(usePostgres).toBe(true);
	});

	it('refuses to replace a database that has tables and is not a demo, and changes nothing', async () => {
		// This file's database is migrated, as a deployment's is, and carries no mark.
		await postgres.db.insert(postgresTables.organisations).values({
			name: 'A real practice',
			kind: 'gp_practice',
			borough: 'Eastmere',
			phone: '020 7946 0001'
		});
		await expect(createDemo({ population: 0 })).rejects.toThrow(/refusing to replace it/);
		const [organisations] = await postgres.db
			.select({ n: count() })
			.from(postgresTables.organisations);
		expect(organisations?.n).toBe(1);
	});

	it('copies every row of every table as SQLite holds it', { timeout: 120_000 }, async () => {
		await postgres.db.$client.query(
			'DROP SCHEMA drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public'
		);
		const file = path.join(folder, 'demo.db');
		await createDemoDatabase(file, sqliteMigrationsFolder, { population: 60 });
		const source = openDatabase(file, sqliteMigrationsFolder);
		try {
			await replacePostgresWithCopy(postgres, source, { migrationsFolder, mark });
			let copied = 0;
			for (const name of tablesInReferenceOrder()) {
				const inSqlite = await source.select().from(sqliteTables[name] as never);
				const inPostgres = await postgres.db.select().from(postgresTables[name] as never);
				expect(rowsAsText(inPostgres), name).toEqual(rowsAsText(inSqlite));
				copied += inSqlite.length;
			}
			// Nothing compared is nothing proved: the demo has thousands of rows.
			expect(copied).toBeGreaterThan(5000);
			// Ids carry on after the copied ones.
			const { rows } = await postgres.db.$client.query<{ highest: number }>(
				'SELECT max(id) AS highest FROM organisations'
			);
			const highest = rows[0]!.highest;
			const [added] = await postgres.db
				.insert(postgresTables.organisations)
				.values({
					name: 'Added after the copy',
					kind: 'gp_practice',
					borough: 'Eastmere',
					phone: '020 7946 0001'
				})
				.returning();
			expect(added!.id).toBe(highest + 1);
			// A copy made this way may be replaced again.
			await replacePostgresWithCopy(postgres, source, { migrationsFolder, mark });
		} finally {
			source.$client.close();
		}
	});

	it(
		'is made again over an earlier demo, every table copied in order',
		{ timeout: 120_000 },
		async () => {
			await postgres.db.$client.query(
				'DROP SCHEMA drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public'
			);
			await createDemo({ population: 0 });
			await createDemo({ population: 0 });
			const [users] = await postgres.db.select({ n: count() }).from(postgresTables.users);
			expect(users?.n).toBeGreaterThan(10);
			// Every table the migrations make is one the copy knows.
			const { rows } = await postgres.db.$client.query<{ n: number }>(
				"SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"
			);
			expect(tablesInReferenceOrder()).toHaveLength(rows[0]!.n);
		}
	);
});
