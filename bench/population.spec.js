// The generated population is a real database: the app's schema whole, every reference holding,
// the proportions issue 24 asks for, the manifest's accounts able to do what the benches do, and
// the same seed giving the same rows.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNhsNumber } from '../src/lib/server/assist/nhs-number';
import { londonDate } from './london.js';
import { buildPopulation } from './population/build.js';

const residents = 300;
const today = londonDate(new Date());
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-population-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Every table's rows in id order, hashed: two databases with the same rows hash the same. */
function dumpHash(file) {
	const db = new Database(file, { readonly: true });
	const hash = createHash('sha256');
	const tables = db
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		.pluck()
		.all();
	for (const table of tables) {
		hash.update(table);
		for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).raw().iterate()) {
			hash.update(
				JSON.stringify(row, (_, value) => (Buffer.isBuffer(value) ? value.toString('hex') : value))
			);
		}
	}
	db.close();
	return hash.digest('hex');
}

let built;
let db;
beforeAll(async () => {
	built = await buildPopulation({ file: path.join(folder, 'a.db'), residents, today });
	db = new Database(path.join(folder, 'a.db'), { readonly: true });
}, 60_000);
afterAll(() => db?.close());

const count = (sql, ...values) =>
	db
		.prepare(sql)
		.pluck()
		.get(...values);

describe('the generated population', () => {
	it('is a whole database whose references all hold', () => {
		expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(db.pragma('foreign_key_check')).toEqual([]);
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		// The planner's statistics are there, as in a database that has been optimised.
		expect(count(`SELECT count(*) FROM sqlite_stat1`)).toBeGreaterThan(0);
	});

	it('has the app’s schema, every migration applied', () => {
		const journal = JSON.parse(fs.readFileSync(path.resolve('drizzle/meta/_journal.json'), 'utf8'));
		expect(count(`SELECT count(*) FROM __drizzle_migrations`)).toBe(journal.entries.length);
	});

	it('holds the proportions of a real ICS', () => {
		expect(count(`SELECT count(*) FROM patients`)).toBe(residents);
		expect(count(`SELECT count(*) FROM services`)).toBeGreaterThan(1300);
		expect(count(`SELECT count(*) FROM organisations WHERE kind = 'gp_practice'`)).toBe(30);
		expect(count(`SELECT count(*) FROM organisations WHERE kind = 'hospital_trust'`)).toBe(2);
		const perResident = (table) => count(`SELECT count(*) FROM ${table}`) / residents;
		const past = count(
			`SELECT count(*) FROM appointments JOIN slots ON slots.id = slot_id WHERE starts_at < ?`,
			Date.now()
		);
		expect(past / residents).toBeGreaterThan(4);
		expect(past / residents).toBeLessThan(6);
		expect(perResident('care_plans')).toBeGreaterThan(0.06);
		expect(perResident('care_plans')).toBeLessThan(0.14);
		expect(count(`SELECT count(*) FROM care_plan_versions`)).toBeGreaterThan(
			count(`SELECT count(*) FROM care_plans`)
		);
		expect(perResident('proxy_relationships')).toBeGreaterThan(0.025);
		expect(perResident('proxy_relationships')).toBeLessThan(0.08);
		expect(count(`SELECT count(*) FROM appointments WHERE status = 'booked'`)).toBeGreaterThan(0);
		expect(count(`SELECT count(*) FROM request_events WHERE body IS NOT NULL`)).toBeGreaterThan(0);
		expect(count(`SELECT count(*) FROM outbox WHERE status = 'sent'`)).toBeGreaterThan(residents);
		// Every appointment was booked, and its booking is in the person's activity log.
		expect(count(`SELECT count(*) FROM activity_log WHERE action = 'appointment.booked'`)).toBe(
			count(`SELECT count(*) FROM appointments`)
		);
		// Mostly English, with the other languages the app speaks.
		const english = count(`SELECT count(*) FROM users WHERE role = 'patient' AND language = 'en'`);
		const others = count(`SELECT count(DISTINCT language) FROM users WHERE language <> 'en'`);
		expect(english / count(`SELECT count(*) FROM users WHERE role = 'patient'`)).toBeGreaterThan(
			0.7
		);
		expect(others).toBeGreaterThan(3);
	});

	it('gives everyone a valid NHS number of their own', () => {
		const numbers = db.prepare(`SELECT nhs_number FROM patients`).pluck().all();
		expect(numbers.every((number) => parseNhsNumber(number) === number)).toBe(true);
		expect(new Set(numbers).size).toBe(residents);
	});

	it('names accounts that can do what the benches do', async () => {
		const { manifest } = built;
		const user = (email) =>
			db.prepare(`SELECT * FROM users WHERE email = ?`).get(email) ?? expect.fail(email);
		const resident = user(manifest.resident.email);
		expect(await verify(resident.password_hash, manifest.password)).toBe(true);
		expect(
			count(`SELECT patient_id FROM care_plans WHERE id = ?`, manifest.resident.carePlanId)
		).toBe(resident.patient_id);
		expect(
			count(
				`SELECT count(*) FROM care_plan_versions WHERE plan_id = ?`,
				manifest.resident.carePlanId
			)
		).toBeGreaterThan(1);
		expect(
			count(`SELECT patient_id FROM contact_requests WHERE id = ?`, manifest.resident.contactId)
		).toBe(resident.patient_id);
		const booked = db
			.prepare(
				`SELECT patient_id, status, starts_at FROM appointments JOIN slots ON slots.id = slot_id
				 WHERE appointments.id = ?`
			)
			.get(manifest.resident.appointmentId);
		expect(booked).toMatchObject({ patient_id: resident.patient_id, status: 'booked' });
		expect(booked.starts_at).toBeGreaterThan(Date.now());
		expect(
			count(`SELECT count(*) FROM appointments WHERE patient_id = ?`, resident.patient_id)
		).toBeGreaterThan(3);

		const carer = user(manifest.carer.email);
		expect(
			count(
				`SELECT count(*) FROM proxy_relationships
				 WHERE patient_id = ? AND proxy_user_id = ? AND status = 'active'`,
				manifest.carer.actsForPersonId,
				carer.id
			)
		).toBe(1);

		const staff = user(manifest.staff.email);
		expect(staff.role).toBe('staff');
		expect(
			count(`SELECT organisation_id FROM services WHERE id = ?`, manifest.staff.serviceId)
		).toBe(staff.organisation_id);
		expect(manifest.busiestDiary.serviceId).toBe(manifest.staff.serviceId);

		const now = Date.now();
		for (const diary of [manifest.busiestDiary, manifest.smallDiary]) {
			const inWindow = count(
				`SELECT count(*) FROM slots WHERE service_id = ? AND location_id = ? AND mode = 'in_person'
				 AND starts_at > ? AND starts_at < ?`,
				diary.serviceId,
				diary.locationId,
				now,
				now + 28 * 24 * 60 * 60 * 1000
			);
			expect(inWindow).toBe(diary.slots);
			expect(diary.patientEmails.length).toBeGreaterThan(0);
			for (const email of diary.patientEmails) expect(user(email).role).toBe('patient');
		}
		expect([manifest.busiestDiary.slots, manifest.smallDiary.slots]).toEqual([5000, 200]);
	});

	it('is the same database from the same seed', async () => {
		await buildPopulation({ file: path.join(folder, 'b.db'), residents, today });
		expect(dumpHash(path.join(folder, 'b.db'))).toBe(dumpHash(path.join(folder, 'a.db')));
	}, 60_000);
});
