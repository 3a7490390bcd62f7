// The authorisation matrix of the FHIR interface, over HTTP: every interaction, asked by every
// kind of caller, answers as the access policy says (mayFhir and mayFhirRead in
// src/lib/server/access/policy.ts, and the same domain rules as staff meet on the web). The test
// makes its own world: Grace, a resident with an NHS number, an appointment with the hospital's
// clinic and a care plan the hospital started; the practice's clinic, which has never seen her.
// Callers: no token; the hospital's system with read scopes only; the hospital's system with read
// and write; the practice's system (read and write, but no care of Grace); and a hospital system
// whose registration an admin withdrew after it got its token.
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { addDays, londonDate } from '../src/lib/time';
import {
	aCarePlan,
	aRegisteredSystem,
	aResident,
	aServiceLike,
	aSlot,
	aStaffBooking,
	clientAssertion,
	organisationOf,
	placeOf,
	uniqueWord,
	withdraw,
	withNhsNumber,
	type RegisteredSystem
} from './factories';
import { expect, test } from './fixtures';

const callers = ['none', 'hospitalRead', 'hospitalWrite', 'practice', 'withdrawn'] as const;
type Caller = (typeof callers)[number];

/**
 * What each caller gets: `ok` a 2xx; `found` a 200 Bundle with entries; `empty` a 200 Bundle with
 * none; `login` 401; `scope` 403 (its scopes do not reach); `no` 403 or 404 (not its patient or
 * not its service: both say nothing about whether the thing exists).
 */
type Expected = 'ok' | 'found' | 'empty' | 'login' | 'scope' | 'no';

type World = {
	patient: number;
	nhsNumber: string;
	appointment: number;
	/** Her appointment as the hospital's system reads it, to send back with a new status. */
	appointmentAsRead: Record<string, unknown>;
	plan: number;
	hospitalSchedule: string;
	practiceSchedule: string;
	day: string;
};

type Row = {
	what: string;
	method: 'GET' | 'PUT' | 'POST';
	path: (world: World) => string;
	body?: (world: World) => object;
	expected: Record<Caller, Expected>;
};

const slot = (schedule: string, day: string) => ({
	resourceType: 'Slot',
	identifier: [{ system: 'https://diary.example/Id/slot', value: uniqueWord() }],
	schedule: { reference: schedule },
	status: 'free',
	start: `${day}T14:00:00+00:00`,
	end: `${day}T14:15:00+00:00`
});

const expect5 = (...answers: Expected[]) =>
	Object.fromEntries(callers.map((caller, i) => [caller, answers[i]])) as Record<Caller, Expected>;

// Columns: none, hospitalRead, hospitalWrite, practice, withdrawn.
const matrix: Row[] = [
	{
		what: 'read her Patient',
		method: 'GET',
		path: (w) => `Patient/${w.patient}`,
		expected: expect5('login', 'ok', 'ok', 'no', 'login')
	},
	{
		what: 'find her by NHS number',
		method: 'GET',
		path: (w) => `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${w.nhsNumber}`,
		expected: expect5('login', 'found', 'found', 'empty', 'login')
	},
	{
		what: 'read her appointment',
		method: 'GET',
		path: (w) => `Appointment/${w.appointment}`,
		expected: expect5('login', 'ok', 'ok', 'no', 'login')
	},
	{
		what: 'search her appointments',
		method: 'GET',
		path: (w) => `Appointment?patient=Patient/${w.patient}`,
		expected: expect5('login', 'found', 'found', 'empty', 'login')
	},
	{
		what: 'read her care plan',
		method: 'GET',
		path: (w) => `CarePlan/${w.plan}`,
		expected: expect5('login', 'ok', 'ok', 'no', 'login')
	},
	{
		what: 'search her care plans',
		method: 'GET',
		path: (w) => `CarePlan?patient=Patient/${w.patient}`,
		expected: expect5('login', 'found', 'found', 'empty', 'login')
	},
	{
		what: "search the hospital clinic's free times (the directory is open to every system)",
		method: 'GET',
		path: (w) => `Slot?schedule=${w.hospitalSchedule}`,
		expected: expect5('login', 'found', 'found', 'found', 'login')
	},
	{
		what: "publish a free time in the hospital clinic's diary",
		method: 'POST',
		path: () => 'Slot',
		body: (w) => slot(w.hospitalSchedule, w.day),
		expected: expect5('login', 'scope', 'ok', 'no', 'login')
	},
	{
		what: "publish a free time in the practice clinic's diary",
		method: 'POST',
		path: () => 'Slot',
		body: (w) => slot(w.practiceSchedule, w.day),
		expected: expect5('login', 'scope', 'no', 'ok', 'login')
	},
	{
		what: 'record that she came',
		method: 'PUT',
		path: (w) => `Appointment/${w.appointment}`,
		body: (w) => ({ ...w.appointmentAsRead, status: 'fulfilled' }),
		expected: expect5('login', 'scope', 'ok', 'no', 'login')
	},
	{
		what: 'send her a care plan',
		method: 'POST',
		path: () => 'CarePlan',
		body: (w) => ({
			resourceType: 'CarePlan',
			identifier: [{ system: 'https://pas.example/Id/care-plan', value: uniqueWord() }],
			status: 'active',
			intent: 'plan',
			title: 'Plan for going home',
			description: 'What happens next.',
			subject: { reference: `Patient/${w.patient}` }
		}),
		expected: expect5('login', 'scope', 'ok', 'no', 'login')
	}
];

async function tokenFor(
	request: APIRequestContext,
	baseURL: string,
	system: RegisteredSystem,
	scope: string
) {
	const response = await request.post('/fhir/R4/auth/token', {
		form: {
			grant_type: 'client_credentials',
			scope,
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, `${baseURL}/fhir/R4/auth/token`)
		}
	});
	expect(response.status(), await response.text()).toBe(200);
	return (await response.json()).access_token as string;
}

async function verdict(response: APIResponse): Promise<Expected> {
	const status = response.status();
	if (status === 401) return 'login';
	if (status >= 500) return `server error ${status}` as Expected;
	if (status === 403 || status === 404) {
		const body = await response.json();
		expect(body.resourceType).toBe('OperationOutcome');
		return body.issue?.[0]?.diagnostics?.includes('scopes') ? 'scope' : 'no';
	}
	if (status >= 200 && status < 300) {
		const body = status === 204 ? null : await response.json();
		if (body?.resourceType !== 'Bundle') return 'ok';
		return body.entry?.length ? 'found' : 'empty';
	}
	return `status ${status}` as Expected;
}

test('every FHIR interaction, for every kind of caller, answers as the policy says', async ({
	request,
	baseURL,
	javaScriptEnabled
}) => {
	test.skip(javaScriptEnabled, 'HTTP only');
	test.setTimeout(120_000);
	const hospitalClinic = await aServiceLike('Diabetes clinic', `Heart clinic ${uniqueWord()}`);
	const practiceClinic = await aServiceLike('GP appointment', `Travel clinic ${uniqueWord()}`);
	const hospital = await organisationOf(hospitalClinic);
	const practice = await organisationOf(practiceClinic);
	expect(hospital).not.toBe(practice);

	const grace = await aResident({ givenName: 'Grace' });
	const nhsNumber = await withNhsNumber(grace);
	const day = addDays(londonDate(new Date()), 21);
	// Today, early: a system records that someone came only on the day, as staff do.
	const appointment = (
		await aStaffBooking(grace, hospitalClinic, londonDate(new Date()), '00:05', {
			status: 'booked'
		})
	).id;
	const plan = await aCarePlan(
		grace,
		{
			title: 'Heart plan',
			kind: 'long_term_condition',
			label: 'general',
			summary: 'Checks every three months.',
			reviewOn: addDays(day, 90),
			goals: [],
			actions: [],
			careTeam: [],
			ifWorse: ''
		},
		'hospital@example.org'
	);
	// One free time in each diary, so each directory search has something to find.
	await aSlot(hospitalClinic, day, '11:00');
	await aSlot(practiceClinic, day, '11:00');
	const world: World = {
		patient: grace.patientId,
		nhsNumber,
		appointment,
		appointmentAsRead: {},
		plan,
		hospitalSchedule: `Schedule/${hospitalClinic.id}-${await placeOf(hospitalClinic)}`,
		practiceSchedule: `Schedule/${practiceClinic.id}-${await placeOf(practiceClinic)}`,
		day
	};

	const readOnly = await aRegisteredSystem(hospital, ['system/*.read']);
	const hospitalSystem = await aRegisteredSystem(hospital);
	const practiceSystem = await aRegisteredSystem(practice);
	const withdrawnSystem = await aRegisteredSystem(hospital);
	const all = 'system/*.read system/*.write';
	const tokens: Record<Caller, string | null> = {
		none: null,
		hospitalRead: await tokenFor(request, baseURL!, readOnly, 'system/*.read'),
		hospitalWrite: await tokenFor(request, baseURL!, hospitalSystem, all),
		practice: await tokenFor(request, baseURL!, practiceSystem, all),
		withdrawn: await tokenFor(request, baseURL!, withdrawnSystem, all)
	};
	await withdraw(withdrawnSystem);
	const asRead = await request.get(`/fhir/R4/Appointment/${appointment}`, {
		headers: { authorization: `Bearer ${tokens.hospitalWrite}` }
	});
	world.appointmentAsRead = await asRead.json();

	const found: string[] = [];
	const wanted: string[] = [];
	for (const row of matrix) {
		for (const caller of callers) {
			const token = tokens[caller];
			const response = await request.fetch(`/fhir/R4/${row.path(world)}`, {
				method: row.method,
				headers: {
					...(token ? { authorization: `Bearer ${token}` } : {}),
					...(row.body ? { 'content-type': 'application/fhir+json' } : {})
				},
				data: row.body ? JSON.stringify(row.body(world)) : undefined
			});
			found.push(`${row.what} / ${caller}: ${await verdict(response)}`);
			wanted.push(`${row.what} / ${caller}: ${row.expected[caller]}`);
		}
	}
	expect(found).toEqual(wanted);

	// Anyone may read what the interface supports.
	const metadata = await request.get('/fhir/R4/metadata');
	expect(metadata.status()).toBe(200);
	expect((await metadata.json()).resourceType).toBe('CapabilityStatement');
});
