// The demo's wider population: the same people from the same seed, only in the past (the demo's
// diaries keep every free time), none in the queues the demo's staff see, and in the made-up
// deprivation lookup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../config';
import { createDemoDatabase } from './demo';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-population-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const demos: Record<'none' | 'first' | 'again', Database.Database> = {} as never;
beforeAll(async () => {
	for (const [name, population] of [
		['none', 0],
		['first', 400],
		['again', 400]
	] as const) {
		const file = path.join(folder, `${name}.db`);
		await createDemoDatabase(file, migrationsFolder, { population });
		demos[name] = new Database(file, { readonly: true });
	}
}, 120_000);
afterAll(() => Object.values(demos).forEach((db) => db.close()));

const all = (db: Database.Database, sql: string) => db.prepare(sql).raw().all();
const one = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

describe("the demo's wider population", () => {
	it('is the same people, with the same past, every time', () => {
		const people = `SELECT given_name, family_name, date_of_birth, postcode, reach_by FROM patients ORDER BY id`;
		expect(all(demos.again, people)).toEqual(all(demos.first, people));
		const past = `SELECT a.status, a.booked_via, s.service_id, s.mode FROM appointments a JOIN slots s ON s.id = a.slot_id ORDER BY a.id`;
		expect(all(demos.again, past)).toEqual(all(demos.first, past));
		expect(
			one(demos.first, 'SELECT count(*) FROM patients') -
				one(demos.none, 'SELECT count(*) FROM patients')
		).toBe(400);
	});

	it('has every way of reaching us, and every kind of event', () => {
		const db = demos.first;
		expect(all(db, `SELECT DISTINCT booked_via FROM appointments ORDER BY 1`).flat()).toEqual([
			'assisted',
			'proxy',
			'self',
			'staff'
		]);
		expect(all(db, `SELECT DISTINCT status FROM appointments ORDER BY 1`).flat()).toEqual(
			expect.arrayContaining(['attended', 'cancelled', 'did_not_attend'])
		);
		expect(
			one(db, `SELECT count(*) FROM received_texts WHERE outcome = 'cancelled'`)
		).toBeGreaterThan(0);
		expect(one(db, `SELECT count(*) FROM activity_log WHERE channel = 'text'`)).toBe(
			one(db, `SELECT count(*) FROM received_texts`)
		);
		// Each of the population's bookings in the activity log, as the app writes it.
		const logged = `SELECT count(*) FROM appointments a WHERE EXISTS (SELECT 1 FROM activity_log l
			WHERE l.action = 'appointment.booked' AND json_extract(l.detail, '$.reference') = a.reference)`;
		const appointments = 'SELECT count(*) FROM appointments';
		expect(one(db, logged) - one(demos.none, logged)).toBe(
			one(db, appointments) - one(demos.none, appointments)
		);
		// Some residents have had no contact at all.
		expect(
			one(
				db,
				`SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM activity_log l WHERE l.subject_patient_id = p.id)`
			)
		).toBeGreaterThan(40);
	});

	it("leaves the diaries' free times and the staff's queues as the demo's stories made them", () => {
		const now = Date.now();
		const future = `SELECT service_id, location_id, mode, starts_at FROM slots WHERE starts_at >= ${now} ORDER BY starts_at, service_id, mode`;
		expect(all(demos.first, future)).toEqual(all(demos.none, future));
		const booked = `SELECT count(*) FROM appointments a JOIN slots s ON s.id = a.slot_id WHERE s.starts_at >= ${now}`;
		expect(one(demos.first, booked)).toBe(one(demos.none, booked));
		const queues = `SELECT r.reference, r.status FROM contact_requests r JOIN services v ON v.id = r.service_id
			JOIN organisations o ON o.id = v.organisation_id
			WHERE o.name IN ('Eastmere Health Centre', 'Eastmere and Westbrook Hospitals NHS Trust') ORDER BY r.id`;
		expect(all(demos.first, queues)).toEqual(all(demos.none, queues));
		expect(one(demos.first, 'SELECT count(*) FROM contact_requests')).toBeGreaterThan(
			one(demos.none, 'SELECT count(*) FROM contact_requests')
		);
	});

	it('lives at postcodes the made-up lookup holds, but for a few new ones', () => {
		const unknown = one(
			demos.first,
			`SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM postcode_areas a WHERE a.postcode = upper(replace(p.postcode, ' ', '')))`
		);
		expect(unknown).toBeGreaterThan(0);
		expect(unknown).toBeLessThan(40);
	});

	it('is counted for the insight pages when the demo starts', () => {
		expect(
			one(demos.first, `SELECT count(*) FROM insight_builds WHERE finished_at IS NOT NULL`)
		).toBe(1);
		expect(
			one(
				demos.first,
				`SELECT sum(residents) FROM insight_group_population WHERE dimension = 'age'`
			)
		).toBe(one(demos.first, 'SELECT count(*) FROM patients'));
	});
});
