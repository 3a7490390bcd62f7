// The PostgreSQL database as a real server has it: migrations applied once however many instances
// open it together, the hand-written triggers doing what SQLite's do, and values stored as the
// SQLite schema stores them.
import fs from 'node:fs';
import path from 'node:path';
import { eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type ThrowawayPostgres } from '../../../../tests/postgres';
import { openDatabase } from './client';
import * as tables from './pg/schema';
import { openPostgres, type PgDb, type Postgres } from './postgres';

const migrationsFolder = path.resolve('drizzle-pg');
const migrationCount = JSON.parse(
	fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')
).entries.length as number;

let server: ThrowawayPostgres;
let shared: Postgres;
let db: PgDb;

beforeAll(async () => {
	server = await startPostgres();
	shared = await openPostgres(server.url, migrationsFolder);
	db = shared.db;
}, 60_000);

afterAll(async () => {
	await shared?.close();
	await server?.stop();
});

/** Each migration applied, by its hash, and how many times. */
async function appliedMigrations(url: string): Promise<Map<string, number>> {
	const { db, close } = await openPostgres(url, migrationsFolder);
	try {
		const { rows } = await db.$client.query<{ hash: string; times: number }>(
			'SELECT hash, count(*) AS times FROM drizzle.__drizzle_migrations GROUP BY hash'
		);
		return new Map(rows.map((row) => [row.hash, row.times]));
	} finally {
		await close();
	}
}

describe('migrations', () => {
	it('make every table of the schema, and a second open applies nothing', async () => {
		const url = await server.createDatabase('twice');
		const first = await openPostgres(url, migrationsFolder);
		const { rows } = await first.db.$client.query<{ tablename: string }>(
			`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`
		);
		const expected = (Object.values(tables) as unknown[])
			.filter((value): value is PgTable => is(value, PgTable))
			.map((table) => getTableName(table));
		expect(rows.map((row) => row.tablename).sort()).toEqual(expected.sort());
		const applied = await first.db.$client.query(
			'SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id'
		);
		await first.close();
		expect(applied.rows).toHaveLength(migrationCount);

		const second = await openPostgres(url, migrationsFolder);
		const after = await second.db.$client.query(
			'SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id'
		);
		await second.close();
		expect(after.rows).toEqual(applied.rows);
	});

	it('are applied once when several instances open an empty database at the same moment', async () => {
		const url = await server.createDatabase('together');
		const opened = await Promise.allSettled(
			Array.from({ length: 4 }, () => openPostgres(url, migrationsFolder, { max: 2 }))
		);
		await Promise.all(
			opened.map(async (each) => {
				if (each.status === 'fulfilled') await each.value.close();
			})
		);
		expect(
			opened.map((each) => (each.status === 'rejected' ? String(each.reason) : 'opened'))
		).toEqual(Array(4).fill('opened'));
		const applied = await appliedMigrations(url);
		expect(applied.size).toBe(migrationCount);
		expect([...applied.values()]).toEqual(Array(migrationCount).fill(1));
	});
});

describe('the migrated databases, SQLite and PostgreSQL', () => {
	const sqlite = openDatabase(':memory:', path.resolve('drizzle')).$client;
	afterAll(() => sqlite.close());
	const sqliteNames = (type: 'trigger' | 'index') =>
		(
			sqlite
				.prepare(
					`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_autoindex%'`
				)
				.all(type) as { name: string }[]
		).map((row) => row.name);

	it('have the same triggers: what SQLite migrations add by hand has its PostgreSQL twin', async () => {
		const { rows } = await db.$client.query<{ name: string }>(
			`SELECT DISTINCT tgname AS name FROM pg_trigger WHERE NOT tgisinternal`
		);
		// TRUNCATE, which SQLite does not have, is refused too.
		const pg = rows.map((row) => row.name).filter((name) => !name.endsWith('_no_truncate'));
		expect(pg.sort()).toEqual(sqliteNames('trigger').sort());
	});

	// Primary keys aside: SQLite names them as it likes (`sqlite_autoindex_…`).
	it('have the same indexes, unique constraints included', async () => {
		const { rows } = await db.$client.query<{ name: string }>(
			`SELECT index.relname AS name FROM pg_index
			JOIN pg_class index ON index.oid = pg_index.indexrelid
			JOIN pg_namespace ON pg_namespace.oid = index.relnamespace
			WHERE nspname = 'public' AND NOT indisprimary`
		);
		expect(rows.map((row) => row.name).sort()).toEqual(sqliteNames('index').sort());
	});
});

/** The rows a slot, an appointment and a request need, made directly: no domain here. */
async function aService() {
	const [organisation] = await db
		.insert(tables.organisations)
		.values({ name: 'Riverside Surgery', kind: 'gp_practice', borough: 'Lambeth', phone: '020' })
		.returning();
	const [location] = await db
		.insert(tables.locations)
		.values({
			organisationId: organisation!.id,
			name: 'Riverside',
			address: '1 River Road',
			postcode: 'SE1 7EH',
			stepFreeAccess: true,
			hearingLoop: false
		})
		.returning();
	const [service] = await db
		.insert(tables.services)
		.values({
			organisationId: organisation!.id,
			name: 'Nurse appointments',
			modes: ['in_person', 'phone'],
			phone: '020'
		})
		.returning();
	const [user] = await db
		.insert(tables.users)
		.values({
			email: `staff-${service!.id}@example.org`,
			passwordHash: 'x',
			role: 'staff',
			organisationId: organisation!.id
		})
		.returning();
	const [patient] = await db
		.insert(tables.patients)
		.values({
			givenName: 'Ada',
			familyName: 'Okafor',
			dateOfBirth: '1950-01-01',
			postcode: 'SE1 7EH'
		})
		.returning();
	return {
		organisation: organisation!,
		location: location!,
		service: service!,
		user: user!,
		patient: patient!
	};
}

async function aRequest(service: { id: number }, user: { id: number }, patient: { id: number }) {
	const [request] = await db
		.insert(tables.contactRequests)
		.values({
			reference: `R${service.id}-${Math.random().toString(36).slice(2, 8)}`,
			patientId: patient.id,
			serviceId: service.id,
			topic: 'new_problem',
			details: 'Help with my leg',
			detailsLanguage: 'en',
			place: 'no_preference',
			days: [1, 2],
			dayParts: ['morning'],
			reachBy: 'email',
			needs: { interpreterLanguage: null, needs: [], other: null, otherLanguage: null },
			madeByUserId: user.id,
			madeVia: 'self',
			dueBy: new Date()
		})
		.returning();
	return request!;
}

async function stale(): Promise<number[]> {
	const rows = await db.select().from(tables.insightStale);
	return rows.map((row) => row.serviceId).sort((a, b) => a - b);
}

/** drizzle's error for a query the database refused: PostgreSQL's own is its cause. */
const refused = (table: string) => ({
	cause: expect.objectContaining({ message: `${table} is append-only` })
});

describe('triggers, as the SQLite migrations have them', () => {
	it('keep the activity log append-only', async () => {
		const [entry] = await db
			.insert(tables.activityLog)
			.values({ via: 'self', action: 'account.registered', detail: { a: 1 } })
			.returning();
		await expect(
			db
				.update(tables.activityLog)
				.set({ action: 'changed' })
				.where(eq(tables.activityLog.id, entry!.id))
		).rejects.toMatchObject(refused('activity_log'));
		await expect(
			db.delete(tables.activityLog).where(eq(tables.activityLog.id, entry!.id))
		).rejects.toMatchObject(refused('activity_log'));
		await expect(db.$client.query('TRUNCATE activity_log')).rejects.toThrow(
			/activity_log is append-only/
		);
		const [kept] = await db
			.select()
			.from(tables.activityLog)
			.where(eq(tables.activityLog.id, entry!.id));
		expect(kept!.action).toBe('account.registered');
	});

	it("keep a request's timeline append-only", async () => {
		const { service, user, patient } = await aService();
		const request = await aRequest(service, user, patient);
		const [event] = await db
			.insert(tables.requestEvents)
			.values({ requestId: request.id, kind: 'received', via: 'self' })
			.returning();
		await expect(
			db
				.update(tables.requestEvents)
				.set({ body: 'x' })
				.where(eq(tables.requestEvents.id, event!.id))
		).rejects.toMatchObject(refused('request_events'));
		await expect(
			db.delete(tables.requestEvents).where(eq(tables.requestEvents.id, event!.id))
		).rejects.toMatchObject(refused('request_events'));
	});

	it("mark a service's insight summaries stale when its slots, appointments or requests change", async () => {
		const { service, location, user, patient } = await aService();
		const other = await aService();
		const clear = () => db.delete(tables.insightStale);

		await clear();
		const [slot] = await db
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: location.id,
				mode: 'in_person',
				startsAt: new Date('2026-12-08T09:00:00Z'),
				endsAt: new Date('2026-12-08T09:15:00Z')
			})
			.returning();
		expect(await stale()).toEqual([service.id]);

		await clear();
		await db.update(tables.slots).set({ blocked: true }).where(eq(tables.slots.id, slot!.id));
		expect(await stale()).toEqual([service.id]);

		// Moved to another service: both are stale.
		await clear();
		await db
			.update(tables.slots)
			.set({ serviceId: other.service.id })
			.where(eq(tables.slots.id, slot!.id));
		expect(await stale()).toEqual([service.id, other.service.id].sort((a, b) => a - b));
		await db
			.update(tables.slots)
			.set({ serviceId: service.id })
			.where(eq(tables.slots.id, slot!.id));

		await clear();
		const [appointment] = await db
			.insert(tables.appointments)
			.values({
				reference: `A${slot!.id}`,
				patientId: patient.id,
				slotId: slot!.id,
				bookedVia: 'self'
			})
			.returning();
		expect(await stale()).toEqual([service.id]);
		expect(appointment!.needs).toEqual({});

		await clear();
		await db
			.update(tables.appointments)
			.set({ status: 'cancelled' })
			.where(eq(tables.appointments.id, appointment!.id));
		expect(await stale()).toEqual([service.id]);

		await clear();
		const request = await aRequest(service, user, patient);
		expect(await stale()).toEqual([service.id]);

		await clear();
		await db
			.update(tables.contactRequests)
			.set({ status: 'in_review' })
			.where(eq(tables.contactRequests.id, request.id));
		expect(await stale()).toEqual([service.id]);

		// Only arranging and closing count in the summaries; a message does not.
		await clear();
		await db
			.insert(tables.requestEvents)
			.values({ requestId: request.id, kind: 'message_from_staff', via: 'staff', body: 'Hello' });
		expect(await stale()).toEqual([]);
		await db
			.insert(tables.requestEvents)
			.values({ requestId: request.id, kind: 'arranged', via: 'staff' });
		expect(await stale()).toEqual([service.id]);
	});
});

describe('values are stored as the SQLite schema stores them', () => {
	it('a moment to the millisecond, a flag, JSON and bytes', async () => {
		const { service, user } = await aService();
		const at = new Date('2026-12-07T04:05:06.789Z');
		const secret = Buffer.from([0, 1, 2, 254, 255]);
		await db.insert(tables.sessions).values({
			id: 'round-trip',
			secretHash: secret,
			userId: user.id,
			createdAt: at,
			expiresAt: new Date(at.getTime() + 1),
			sharedDevice: true
		});
		const [session] = await db
			.select()
			.from(tables.sessions)
			.where(eq(tables.sessions.id, 'round-trip'));
		expect(session!.createdAt).toEqual(at);
		expect(session!.createdAt.getTime()).toBe(at.getTime());
		expect(session!.sharedDevice).toBe(true);
		expect(session!.keptSignedIn).toBe(false);
		expect(Buffer.isBuffer(session!.secretHash)).toBe(true);
		expect(session!.secretHash.equals(secret)).toBe(true);

		const [read] = await db
			.select()
			.from(tables.services)
			.where(eq(tables.services.id, service.id));
		expect(read!.modes).toEqual(['in_person', 'phone']);

		// As stored: epoch milliseconds, 0/1 and JSON text, so raw SQL reads them as SQLite's do.
		const { rows } = await db.$client.query(
			`SELECT created_at, shared_device, kept_signed_in FROM sessions WHERE id = 'round-trip'`
		);
		expect(rows[0]).toEqual({ created_at: at.getTime(), shared_device: 1, kept_signed_in: 0 });
		const modes = await db.$client.query('SELECT modes FROM services WHERE id = $1', [service.id]);
		expect(modes.rows[0].modes).toBe('["in_person","phone"]');
	});

	it('defaults: now in epoch milliseconds, false flags, and JSON', async () => {
		const before = Date.now();
		const { organisation, location, patient } = await aService();
		const after = Date.now();
		expect(organisation.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
		expect(organisation.createdAt.getTime()).toBeLessThanOrEqual(after + 1);
		expect(location.communityHub).toBe(false);
		expect(patient.createdAt).toBeInstanceOf(Date);
		const { rows } = await db.$client.query(`SELECT count(*) AS n FROM organisations`);
		// count(*) as a number, as SQLite gives it, not node-postgres's string.
		expect(typeof rows[0].n).toBe('number');
	});
});
