// Runs before each test file of the PostgreSQL project: a database of its own, copied from the
// migrated template (postgres-global.ts), and the app's database() connected to it.
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

const { closeDatabase, connectDatabase } = await import('../src/lib/server/db');
await connectDatabase();
afterAll(() => closeDatabase());
