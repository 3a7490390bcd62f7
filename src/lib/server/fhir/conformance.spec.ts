import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { describeFailures, fhirConformance } from '../../../../tests/fhir-conformance';
import { migrationsFolder } from '../config';
import { closeDatabase } from '../db';
import { createDemoDatabase } from '../demo/demo';

// The demo, made as the server makes it in demo mode, in a file of this test's own: the app's
// connection opens it (DATABASE_PATH is read when config.ts loads, before any import here).
const demoFile = await vi.hoisted(async () => {
	const { tmpdir } = await import('node:os');
	const { join } = await import('node:path');
	const file = join(tmpdir(), `joined-up-conformance-${process.pid}.db`);
	process.env.DATABASE_PATH = file;
	return file;
});

// A smaller wider population than the demo's (every kind of record it makes, in fewer people):
// checking each resource takes a few milliseconds.
beforeAll(() => createDemoDatabase(demoFile, migrationsFolder, { population: 150 }), 60_000);
afterAll(async () => {
	await closeDatabase();
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(demoFile + suffix, { force: true });
});

describe('what the FHIR interface emits from the demo', () => {
	it('validates against UK Core, every type the demo has', { timeout: 300_000 }, async () => {
		const { checked, failures, ms } = await fhirConformance();
		console.info(`FHIR conformance over the demo in ${ms} ms:`, checked);
		expect(describeFailures(failures)).toBe('');
		for (const type of [
			'Patient',
			'RelatedPerson',
			'Consent',
			'Appointment',
			'Slot',
			'Schedule',
			'HealthcareService',
			'Location',
			'Organization',
			'CareTeam',
			'CarePlan',
			'ServiceRequest',
			'Communication',
			'Bundle',
			'CapabilityStatement'
		])
			expect(checked[type], type).toBeGreaterThan(0);
	});
});
