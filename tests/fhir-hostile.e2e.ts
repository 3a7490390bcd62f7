// Hostile input to every FHIR write, property-based (fast-check), from a system that may write
// for its own clinic: any JSON at all, real resources with one element swapped for something of
// the wrong type, references to things that are not there or not its own, huge arrays, bodies
// that are not JSON, too large or of the wrong type. Whatever is sent: never a 5xx; every refusal
// is an OperationOutcome; and a refusal changes nothing (the rows the write could touch are as
// they were). Seed: HOSTILE_SEED, else a fixed one; a failure prints the seed to replay it.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { APIRequestContext } from '@playwright/test';
import { addDays, londonDate } from '../src/lib/time';
import {
	aRegisteredSystem,
	aResident,
	aServiceLike,
	aStaffBooking,
	clientAssertion,
	organisationOf,
	placeOf,
	uniqueWord
} from './factories';
import { expect, test } from './fixtures';
import { e2eDatabase } from './playwright.config';

const seed = Number(process.env.HOSTILE_SEED ?? 230_2026);

type World = {
	token: string;
	schedule: string;
	patient: number;
	appointment: number;
	serviceId: number;
};

/** A valid resource of each kind the interface accepts, for this world. */
const validBodies = (world: World, day: string) => ({
	Slot: {
		resourceType: 'Slot',
		identifier: [{ system: 'https://diary.example/Id/slot', value: uniqueWord() }],
		schedule: { reference: world.schedule },
		status: 'free',
		start: `${day}T15:00:00+00:00`,
		end: `${day}T15:15:00+00:00`
	},
	Appointment: {
		resourceType: 'Appointment',
		id: String(world.appointment),
		status: 'arrived'
	},
	CarePlan: {
		resourceType: 'CarePlan',
		identifier: [{ system: 'https://pas.example/Id/care-plan', value: uniqueWord() }],
		status: 'active',
		intent: 'plan',
		title: 'Plan for going home',
		description: 'What happens next.',
		subject: { reference: `Patient/${world.patient}` }
	}
});

type Kind = keyof Awaited<ReturnType<typeof validBodies>>;

const hostileReference = fc.oneof(
	fc.constantFrom(
		'Schedule/abc',
		'Schedule/1-',
		'Schedule/-1--1',
		'Schedule/99999999-99999999',
		'Patient/999999999',
		'Patient/../../etc/passwd',
		'Patient/1 OR 1=1',
		'http://evil.example/Patient/1',
		'',
		'Patient/'
	),
	fc.string({ maxLength: 40 })
);

/** Any JSON value, with the odd hostile string and very long array. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
	fc.jsonValue({ maxDepth: 3 }),
	fc.array(fc.constant({ system: 'x', value: 'y' }), { minLength: 1000, maxLength: 5000 }),
	fc.string({ maxLength: 200 }),
	fc.constant(null),
	fc.double(),
	fc.constant('9'.repeat(400))
);

/** A valid resource with one element replaced by anything, or a reference replaced. */
function mutated(body: Record<string, unknown>): fc.Arbitrary<unknown> {
	const keys = Object.keys(body);
	return fc.oneof(
		fc
			.record({
				key: fc.constantFrom(...keys, 'unknownElement', '_start', 'contained'),
				value: anyJson
			})
			.map(({ key, value }) => ({ ...body, [key]: value })),
		hostileReference.map((reference) =>
			'schedule' in body
				? { ...body, schedule: { reference } }
				: 'subject' in body
					? { ...body, subject: { reference } }
					: { ...body, id: reference }
		),
		fc.constant(Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'status'))),
		anyJson
	);
}

async function tokenFor(request: APIRequestContext, baseURL: string, organisationId: number) {
	const system = await aRegisteredSystem(organisationId);
	const response = await request.post('/fhir/R4/auth/token', {
		form: {
			grant_type: 'client_credentials',
			scope: 'system/*.read system/*.write',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, `${baseURL}/fhir/R4/auth/token`)
		}
	});
	return (await response.json()).access_token as string;
}

/** The rows a write could change, as they are now. */
function rowsNow(world: World): string {
	const db = new Database(e2eDatabase, { readonly: true, fileMustExist: true });
	try {
		return JSON.stringify([
			db.prepare('SELECT * FROM slots WHERE service_id = ? ORDER BY id').all(world.serviceId),
			db.prepare('SELECT id, status FROM appointments WHERE id = ?').all(world.appointment),
			db.prepare('SELECT id, version FROM care_plans WHERE patient_id = ?').all(world.patient),
			db
				.prepare('SELECT COUNT(*) AS n FROM activity_log WHERE subject_patient_id = ?')
				.all(world.patient)
		]);
	} finally {
		db.close();
	}
}

const writes: { kind: Kind; method: 'POST' | 'PUT'; path: (world: World) => string }[] = [
	{ kind: 'Slot', method: 'POST', path: () => 'Slot' },
	{
		kind: 'Slot',
		method: 'PUT',
		path: () => `Slot?identifier=https://diary.example/Id/slot|${uniqueWord()}`
	},
	{ kind: 'Appointment', method: 'PUT', path: (world) => `Appointment/${world.appointment}` },
	{ kind: 'CarePlan', method: 'POST', path: () => 'CarePlan' }
];

test.describe('hostile input to every FHIR write', () => {
	test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'HTTP only');
	let world: World;
	let day: string;

	test.beforeAll(async ({ request, baseURL }) => {
		const clinic = await aServiceLike('Diabetes clinic', `Hostile clinic ${uniqueWord()}`);
		const resident = await aResident();
		day = addDays(londonDate(new Date()), 22);
		const booking = await aStaffBooking(resident, clinic, addDays(day, 1), '09:30');
		world = {
			token: await tokenFor(request, baseURL!, await organisationOf(clinic)),
			schedule: `Schedule/${clinic.id}-${await placeOf(clinic)}`,
			patient: resident.patientId,
			appointment: booking.id,
			serviceId: clinic.id
		};
	});

	for (const write of writes) {
		test(`${write.method} ${write.kind}`, async ({ request }) => {
			test.setTimeout(120_000);
			const valid = validBodies(world, day)[write.kind] as Record<string, unknown>;
			await fc.assert(
				fc.asyncProperty(mutated(valid), async (body) => {
					const before = rowsNow(world);
					const response = await request.fetch(`/fhir/R4/${write.path(world)}`, {
						method: write.method,
						headers: {
							authorization: `Bearer ${world.token}`,
							'content-type': 'application/fhir+json'
						},
						data: JSON.stringify(body)
					});
					const status = response.status();
					expect(status, await response.text()).toBeLessThan(500);
					if (status >= 400) {
						expect((await response.json()).resourceType).toBe('OperationOutcome');
						expect(rowsNow(world)).toBe(before);
					}
				}),
				{ seed, numRuns: 40, verbose: true }
			);
		});
	}

	test('bodies that are not JSON, too large, of the wrong type, or a Bundle', async ({
		request
	}) => {
		const before = rowsNow(world);
		const send = (data: string | Buffer, contentType = 'application/fhir+json') =>
			request.post('/fhir/R4/Slot', {
				headers: { authorization: `Bearer ${world.token}`, 'content-type': contentType },
				data
			});
		const answers = [
			await send('{"resourceType": "Slot",'),
			await send(Buffer.from([0xff, 0xfe, 0x00, 0x7b])),
			await send(JSON.stringify(validBodies(world, day).Slot), 'text/plain'),
			await send(JSON.stringify({ resourceType: 'Slot', pad: 'x'.repeat(300_000) })),
			await send(
				JSON.stringify({
					resourceType: 'Bundle',
					type: 'transaction',
					entry: Array.from({ length: 2000 }, () => ({ resource: validBodies(world, day).Slot }))
				})
			),
			await send('[]'),
			await send('"Slot"')
		];
		for (const answer of answers) {
			expect(answer.status()).toBeGreaterThanOrEqual(400);
			expect(answer.status()).toBeLessThan(500);
			expect((await answer.json()).resourceType).toBe('OperationOutcome');
		}
		expect(answers[3]!.status()).toBe(413);
		// Past the server's own body limit (BODY_SIZE_LIMIT), the server refuses it before the
		// interface sees it: still a 413, in the server's words.
		expect(
			(await send(JSON.stringify({ resourceType: 'Slot', pad: 'x'.repeat(600_000) }))).status()
		).toBe(413);
		expect(rowsNow(world)).toBe(before);
	});
});
