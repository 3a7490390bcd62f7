// Runs before each test file of the PostgreSQL project: a database of its own, copied from the
// migrated template (postgres-global.ts), which the app's database() then uses. Nothing of the app
// is imported here: a test file sets its own environment (vi.hoisted) before the app reads it.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

const template = new URL(inject('postgresTemplate'));
const name = `unit_${randomUUID().replaceAll('-', '')}`;
const admin = new pg.Client({ connectionString: template.href.replace(/\/[^/]*$/, '/postgres') });
await admin.connect();
try {
	await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.pathname.slice(1)}`);
} finally {
	await admin.end();
}
process.env.DATABASE_URL = template.href.replace(/\/[^/]*$/, `/${name}`);

afterAll(async () => {
	const { closeDatabase } = await import('../src/lib/server/db');
	await closeDatabase();
});
