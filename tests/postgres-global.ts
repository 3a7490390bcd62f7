// Vitest's global setup for the unit tests' PostgreSQL project: one throwaway server for the run
// (tests/postgres.ts), with a database already migrated that each test file copies (a template), so
// each file starts from an empty, migrated database of its own, as each SQLite file gets `:memory:`.
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/lib/server/db/postgres';
import { startPostgres } from './postgres';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The throwaway server's database made at start, migrated: each test file's template. */
		postgresTemplate: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startPostgres();
	const migrated = await openPostgres(server.url, path.resolve('drizzle-pg'));
	await migrated.close();
	// A database is copied only while nobody is connected to it.
	const client = new pg.Client({ connectionString: server.url });
	await client.connect();
	await client.query(
		`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
	);
	await client.end();
	project.provide('postgresTemplate', server.url);
	return () => server.stop();
}
