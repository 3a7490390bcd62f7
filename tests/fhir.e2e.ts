// Another organisation's system, through the FHIR interface, with a real FHIR client library
// (fhir-kit-client) as its code: it gets a token, publishes a week of free times for its clinic,
// a resident books one on the web with JavaScript off, the system finds the booking and records
// that the resident came; the hospital's system sends a discharge plan, which the resident reads
// and their carer reads only as its label allows. Refusals are OperationOutcomes and change
// nothing; a system reads only the patients its organisation cares for; bad tokens get 401.
import type { APIRequestContext, Page } from '@playwright/test';
import { Client } from 'fhir-kit-client';
import { generateKeyPair } from 'jose';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { isBankHoliday } from '../src/lib/bank-holidays';
import { addDays, londonDate } from '../src/lib/time';
import { expect, expectAccessible, test } from './fixtures';
import {
	aProxyFor,
	aRegisteredSystem,
	aResident,
	aServiceLike,
	clientAssertion,
	organisationOf,
	placeOf,
	signInAs,
	theDayComes,
	uniqueWord,
	type RegisteredSystem
} from './factories';

const deliveryChannel =
	'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel';
const slotIdentifiers = 'https://pas.eastmere-hospital.example/Id/slot';

type Outcome = {
	resourceType: 'OperationOutcome';
	issue: { code: string; diagnostics?: string }[];
};

/** The token endpoint as the server names its own address: an assertion's audience. */
const tokenUrlOf = (baseURL: string) => `${baseURL}/fhir/R4/auth/token`;

/** SMART Backend Services: a form post with a signed assertion, answered with a bearer token. */
async function tokenFor(
	request: APIRequestContext,
	baseURL: string,
	system: RegisteredSystem,
	scope = 'system/*.read system/*.write'
): Promise<string> {
	const response = await request.post('/fhir/R4/auth/token', {
		form: {
			grant_type: 'client_credentials',
			scope,
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, tokenUrlOf(baseURL))
		}
	});
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({ token_type: 'bearer', expires_in: 300 });
	return body.access_token;
}

const clientFor = (baseURL: string, token: string) =>
	new Client({ baseUrl: `${baseURL}/fhir/R4`, bearerToken: token });

/** What the client library threw for a refusal: its status and OperationOutcome. */
async function refusalOf(call: Promise<unknown>): Promise<{ status: number; outcome: Outcome }> {
	const thrown = await call.then(
		() => {
			throw new Error('expected a refusal');
		},
		(error: { response?: { status: number; data: Outcome } }) => error
	);
	expect(thrown.response, 'an HTTP refusal').toBeTruthy();
	return { status: thrown.response!.status, outcome: thrown.response!.data };
}

/** The next five working days from tomorrow, as London dates. */
function workingDaysAhead(count: number): string[] {
	const days: string[] = [];
	for (
		let date = addDays(londonDate(new Date()), 1);
		days.length < count;
		date = addDays(date, 1)
	) {
		const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
		if (weekday !== 0 && weekday !== 6 && !isBankHoliday(date)) days.push(date);
	}
	return days;
}

/** A free time as the hospital's diary system publishes it (UK Core Slot), London wall time. */
function slotAt(schedule: string, date: string, time: string, id: string) {
	const start = new Date(`${date}T${time}:00Z`);
	// Europe/London: the offset is what Intl says it is that day.
	const offset = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		timeZoneName: 'shortOffset'
	})
		.formatToParts(start)
		.find((part) => part.type === 'timeZoneName')!.value;
	const zone = offset === 'GMT' ? '+00:00' : '+01:00';
	const end = new Date(start.getTime() + 20 * 60_000).toISOString().slice(11, 16);
	return {
		resourceType: 'Slot',
		meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Slot'] },
		identifier: [{ system: slotIdentifiers, value: id }],
		schedule: { reference: schedule },
		status: 'free',
		start: `${date}T${time}:00${zone}`,
		end: `${date}T${end}:00${zone}`,
		extension: [
			{
				url: deliveryChannel,
				valueCodeableConcept: {
					coding: [
						{
							system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeliveryChannel',
							code: 'In-person',
							display: 'In-person'
						}
					]
				}
			}
		]
	};
}

async function bookOnTheWeb(page: Page, serviceName: string) {
	const continueOn = async () => {
		await page.getByRole('button', { name: en.booking.continue }).click();
		await expectAccessible(page);
	};
	await page.goto('/appointments');
	await expectAccessible(page);
	await page
		.getByRole('button', { name: en.booking.bookLink })
		.or(page.getByRole('link', { name: en.booking.bookLink }))
		.click();
	await expectAccessible(page);
	await page.getByLabel(serviceName).check();
	await continueOn();
	if (await page.getByRole('heading', { level: 1, name: en.booking.howTitle }).isVisible()) {
		await page.getByLabel(en.appointments.modes.in_person).check();
		await continueOn();
	}
	if (await page.getByRole('heading', { level: 1, name: en.booking.whereTitle }).isVisible()) {
		await page.locator('input[name=location]').first().check();
		await continueOn();
	}
	// Tomorrow may be in next week's page.
	if ((await page.locator('input[name=day]').count()) === 0) {
		await page.getByRole('link', { name: en.booking.nextWeek }).click();
		await expectAccessible(page);
	}
	await page.locator('input[name=day]').first().check();
	await continueOn();
	await page.locator('input[name=slot]').first().check();
	await continueOn();
	await continueOn(); // no needs to add
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await page.getByRole('button', { name: en.booking.submit }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	await expectAccessible(page);
}

test('a hospital system publishes free times, sees the booking, records attendance and sends a discharge plan', async ({
	page,
	context,
	request,
	baseURL
}) => {
	test.setTimeout(120_000);
	const clinic = await aServiceLike('Diabetes clinic', `Foot clinic ${uniqueWord()}`);
	const hospital = await organisationOf(clinic);
	const systemName = `Eastmere PAS ${uniqueWord()}`;
	const system = await aRegisteredSystem(hospital, undefined, systemName);
	const fhir = clientFor(baseURL!, await tokenFor(request, baseURL!, system));
	const schedule = `Schedule/${clinic.id}-${await placeOf(clinic)}`;

	// A week of free times, two a day, each PUT by the system's own identifier: sent twice (a
	// retry after a timeout, say), they are still ten.
	const days = workingDaysAhead(5);
	for (let round = 0; round < 2; round++)
		for (const date of days)
			for (const time of ['09:00', '09:20']) {
				const id = `${clinic.id}-${date}-${time}`;
				await fhir.update({
					resourceType: 'Slot',
					searchParams: { identifier: `${slotIdentifiers}|${id}` },
					body: slotAt(schedule, date, time, id)
				});
			}
	const published = (await fhir.search({
		resourceType: 'Slot',
		searchParams: { schedule, status: 'free', _count: 4 }
	})) as unknown as { entry?: unknown[]; link?: { relation: string; url: string }[] };
	expect(published.entry).toHaveLength(4);
	let seen = published.entry!.length;
	for (let bundle = await fhir.nextPage({ bundle: published as never }); bundle;) {
		const page = bundle as unknown as typeof published;
		seen += page.entry?.length ?? 0;
		const next = fhir.nextPage({ bundle: page as never });
		bundle = next ? await next : undefined;
	}
	expect(seen).toBe(10);

	// A resident books the first of them on the web, with JavaScript off.
	const resident = await aResident();
	await signInAs(context, resident.userId);
	await bookOnTheWeb(page, clinic.name);

	// The hospital's system finds it by patient and date, and records that she came.
	const found = (await fhir.search({
		resourceType: 'Appointment',
		searchParams: { patient: `Patient/${resident.patientId}`, date: `ge${days[0]}` }
	})) as unknown as {
		entry: { resource: { id: string; status: string } & Record<string, unknown> }[];
	};
	expect(found.entry).toHaveLength(1);
	const appointment = found.entry[0]!.resource;
	expect(appointment.status).toBe('booked');
	// Nobody records that someone came before the day (staff cannot either): the day comes, and
	// the system reads the appointment as it now is.
	await theDayComes(Number(appointment.id));
	const onTheDay = await fhir.read({ resourceType: 'Appointment', id: appointment.id });
	const fulfilled = (await fhir.update({
		resourceType: 'Appointment',
		id: appointment.id,
		body: { ...onTheDay, status: 'fulfilled' }
	})) as unknown as { status: string };
	expect(fulfilled.status).toBe('fulfilled');
	await page.goto('/activity');
	await expectAccessible(page);
	// Her activity log says another organisation's system recorded it, and which.
	await expect(page.locator('main')).toContainText(systemName);

	// A booked time is never withdrawn under her.
	const booked = (await fhir.search({
		resourceType: 'Slot',
		searchParams: { schedule, status: 'busy' }
	})) as unknown as { entry: { resource: Record<string, unknown> & { id: string } }[] };
	expect(booked.entry).toHaveLength(1);
	const bookedSlot = booked.entry[0]!.resource;
	const withdrawal = await refusalOf(
		fhir.update({
			resourceType: 'Slot',
			id: bookedSlot.id,
			body: { ...bookedSlot, resourceType: 'Slot', status: 'busy-unavailable' }
		})
	);
	expect(withdrawal.status).toBe(409);
	expect(withdrawal.outcome.resourceType).toBe('OperationOutcome');

	// The ward's discharge plan, labelled mental health, arrives as a care plan.
	const carer = await aProxyFor(resident, ['care_plans.view'], ['general']);
	const title = `Going home after your stay ${uniqueWord()}`;
	const plan = (await fhir.create({
		resourceType: 'CarePlan',
		body: {
			resourceType: 'CarePlan',
			meta: {
				profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-CarePlan'],
				security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'MH' }]
			},
			identifier: [
				{ system: 'https://pas.eastmere-hospital.example/Id/care-plan', value: uniqueWord() }
			],
			status: 'active',
			intent: 'plan',
			title,
			description: 'What happens now you are home, and who to call.',
			subject: { reference: `Patient/${resident.patientId}` }
		}
	})) as unknown as { id: string; meta: { versionId: string } };
	expect(plan.meta.versionId).toBe('1');
	await page.goto('/care-plans');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(title);
	await context.clearCookies();
	await signInAs(context, carer.userId);
	await page.goto('/act-for');
	await expectAccessible(page);
	await page.getByLabel(resident.name).check();
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
	await page.goto('/care-plans');
	await expectAccessible(page);
	await expect(page.locator('main')).not.toContainText(title);
	const carerView = await page.goto(`/care-plans/${plan.id}`);
	expect(carerView?.status()).toBe(404);
	await expectAccessible(page);
});

test('refusals: an invalid resource, a patient the system does not care for, bad tokens', async ({
	request,
	baseURL
}) => {
	const clinic = await aServiceLike('Diabetes clinic', `Eye clinic ${uniqueWord()}`);
	const system = await aRegisteredSystem(await organisationOf(clinic));
	const fhir = clientFor(baseURL!, await tokenFor(request, baseURL!, system));
	const schedule = `Schedule/${clinic.id}-${await placeOf(clinic)}`;

	// Invalid: no status, and a start that is not a date. Nothing is stored.
	const noStatus: Partial<Awaited<ReturnType<typeof slotAt>>> = slotAt(
		schedule,
		workingDaysAhead(1)[0]!,
		'10:00',
		uniqueWord()
	);
	delete noStatus.status;
	const invalid = await refusalOf(
		fhir.create({ resourceType: 'Slot', body: { ...noStatus, resourceType: 'Slot', start: 42 } })
	);
	expect(invalid.status).toBeGreaterThanOrEqual(400);
	expect(invalid.status).toBeLessThan(500);
	expect(invalid.outcome.resourceType).toBe('OperationOutcome');
	const none = (await fhir.search({
		resourceType: 'Slot',
		searchParams: { schedule }
	})) as unknown as {
		entry?: unknown[];
	};
	expect(none.entry ?? []).toHaveLength(0);

	// A resident who has never had care from this organisation does not exist for its system.
	const stranger = await aResident();
	const read = await refusalOf(
		fhir.read({ resourceType: 'Patient', id: String(stranger.patientId) })
	);
	expect([403, 404]).toContain(read.status);
	const search = (await fhir.search({
		resourceType: 'Appointment',
		searchParams: { patient: `Patient/${stranger.patientId}` }
	})) as unknown as { entry?: unknown[] };
	expect(search.entry ?? []).toHaveLength(0);

	// No token, an expired assertion, a wrong signature, a made-up token: 401.
	expect((await request.get('/fhir/R4/Slot')).status()).toBe(401);
	const expired = await request.post('/fhir/R4/auth/token', {
		form: {
			grant_type: 'client_credentials',
			scope: 'system/*.read',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, tokenUrlOf(baseURL!), { expiresIn: '-1m' })
		}
	});
	expect(expired.status()).toBe(401);
	expect((await expired.json()).error).toBe('invalid_client');
	const forged = await request.post('/fhir/R4/auth/token', {
		form: {
			grant_type: 'client_credentials',
			scope: 'system/*.read',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, tokenUrlOf(baseURL!), {
				key: (await generateKeyPair('ES384')).privateKey
			})
		}
	});
	expect(forged.status()).toBe(401);
	const madeUp = await request.get('/fhir/R4/Slot', {
		headers: { authorization: 'Bearer abcdefghij.klmnopqrstu' }
	});
	expect(madeUp.status()).toBe(401);
	expect(madeUp.headers()['www-authenticate']).toContain('Bearer');
	expect((await madeUp.json()).resourceType).toBe('OperationOutcome');
});
