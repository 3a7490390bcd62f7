// Two app instances over one PostgreSQL (playwright.postgres.config.ts, run by
// scripts/e2e-postgres.js): requests to the proxy go to each instance in turn, as a hosting's load
// balancer sends them. What must hold whichever instance answers: one booking per time however
// many press Book at once, a time booked on one never offered by the other, a text reply answered
// by either (and acted on once when both get it at once), and every message sent once (the run's
// end checks Notify saw none twice).
import { randomUUID } from 'node:crypto';
import { demoPassword } from '../src/lib/server/demo-accounts';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import {
	aRequest,
	aResident,
	anAccount,
	aSlot,
	anAppointment,
	anOrganisation,
	domain,
	appointmentNow,
	e164,
	messagesTo,
	signInAs,
	uniqueWord
} from './factories';
import { postToApp } from './fake-notify';
import { expect, expectAccessible, test } from './fixtures';
import { receivedTextToken } from './playwright.config';

/** Each instance's own address (playwright.postgres.config.ts: the two ports after the proxy's). */
const proxyPort = Number(process.env.E2E_POSTGRES_PORT ?? 4280);
const instanceURLs = [proxyPort + 1, proxyPort + 2].map((port) => `http://127.0.0.1:${port}`);

/** A London date some days ahead, inside the booking window. */
const daysAhead = (days: number) =>
	new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** A request context signed in as the resident, answering the booking questions up to the time. */
async function readyToBook(
	playwright: Parameters<Parameters<typeof test>[2]>[0]['playwright'],
	baseURL: string,
	resident: { email: string },
	service: { id: number },
	day: string,
	slot: number
) {
	const request = await playwright.request.newContext({
		baseURL,
		// One site, whichever instance answers: its address is the proxy's (ORIGIN).
		extraHTTPHeaders: {
			origin: new URL(test.info().project.use.baseURL!).origin,
			accept: 'text/html'
		}
	});
	const post = (path: string, form: Record<string, string>) =>
		request.post(path, { form, maxRedirects: 0 });
	expect(
		(await post('/sign-in', { identifier: resident.email, password: demoPassword })).status()
	).toBe(303);
	await post('/appointments/book', { service: String(service.id) });
	await post('/appointments/book/how', { mode: 'phone' });
	await post('/appointments/book/day', { day });
	await post('/appointments/book/time', { slot: String(slot) });
	await post('/appointments/book/needs', {});
	return { request, post };
}

test('fifty presses of Book for one time, answered by both instances, make exactly one booking', async ({
	playwright,
	baseURL
}) => {
	const { service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	const day = daysAhead(9);
	const slot = await aSlot(service, day, '10:00', { mode: 'phone' });
	const { request, post } = await readyToBook(
		playwright,
		baseURL!,
		await aResident(),
		service,
		day,
		slot
	);
	// Each press goes to the next instance: 25 to each, all at once.
	const replies = await Promise.all(
		Array.from({ length: 50 }, (_, index) =>
			post('/appointments/book/check?/book', { bookingToken: `two-instances-${index}` })
		)
	);
	const statuses = replies.map((reply) => reply.status());
	expect(statuses.filter((status) => status >= 500)).toEqual([]);
	const booked = replies.filter((reply) => reply.status() === 303);
	expect(booked).toHaveLength(1);
	for (const reply of replies.filter((reply) => reply.status() !== 303)) {
		expect(reply.status()).toBe(409);
		expect(await reply.text()).toContain(en.booking.takenTitle);
	}
	await request.dispose();
});

test('a time booked through one instance is never offered by the other', async ({
	page,
	playwright
}) => {
	const [first, second] = instanceURLs as [string, string];
	const { service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	const day = daysAhead(10);
	const taken = await aSlot(service, day, '09:00', { mode: 'phone' });
	const free = await aSlot(service, day, '09:30', { mode: 'phone' });
	// Two residents at the same question on different instances.
	const one = await readyToBook(playwright, first, await aResident(), service, day, taken);
	const other = await aResident();
	const two = await readyToBook(playwright, second, other, service, day, taken);
	expect(
		(await one.post('/appointments/book/check?/book', { bookingToken: randomUUID() })).status()
	).toBe(303);

	// The other instance, asked next, offers only the time still free, and refuses the taken one.
	const times = await (await two.request.get('/appointments/book/time')).text();
	expect(times).toContain(`value="${free}"`);
	expect(times).not.toContain(`value="${taken}"`);
	expect(
		(await two.post('/appointments/book/check?/book', { bookingToken: randomUUID() })).status()
	).toBe(409);

	// A person signs in and reads their appointments through the proxy: either instance.
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.getByLabel(en.signIn.identifierLabel).fill(other.email);
	await page.getByLabel(en.signIn.passwordLabel, { exact: true }).fill(demoPassword);
	await page.locator('main form button[type="submit"]').click();
	await expect(page).toHaveURL('/');
	await expectAccessible(page);
	await page.goto('/appointments');
	await expectAccessible(page);
	await one.request.dispose();
	await two.request.dispose();
});

test('a text reply reaches either instance: "2" cancels what the other booked', async () => {
	const [first, second] = instanceURLs as [string, string];
	const { service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	await aSlot(service, daysAhead(6), '11:00', { mode: 'phone' });
	const resident = await aResident({ withMobile: true, reachBy: 'sms', language: 'en' });
	const appointment = await anAppointment(resident, service, { fromDays: 1 });
	const [asked] = await messagesTo(e164(resident.mobile!));
	expect(asked).toMatchObject({ kind: 'appointment.booked', channel: 'sms' });
	for (const instance of [second, first]) {
		const reply = await postToApp(`${instance}/notify/received-texts`, receivedTextToken, {
			id: randomUUID(),
			source_number: e164(resident.mobile!).slice(1),
			destination_number: '07797800000',
			message: instance === second ? '2' : 'hello',
			date_received: new Date().toISOString().replace('Z', '')
		});
		expect(reply.status).toBe(204);
	}
	expect((await appointmentNow(appointment.id))?.status).toBe('cancelled');
});

test('one text delivered to both instances at once is acted on and answered once', async () => {
	const { service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	await aSlot(service, daysAhead(7), '11:00', { mode: 'phone' });
	const resident = await aResident({ withMobile: true, reachBy: 'sms', language: 'en' });
	await anAppointment(resident, service, { fromDays: 2 });
	const mobile = e164(resident.mobile!);
	const text = {
		id: randomUUID(),
		source_number: mobile.slice(1),
		destination_number: '07797800000',
		message: '1',
		date_received: new Date().toISOString().replace('Z', '')
	};
	// Notify tries again, and a callback and a poll can overlap: four deliveries, two to each.
	const deliveries = await Promise.all(
		[...instanceURLs, ...instanceURLs].map((instance) =>
			postToApp(`${instance}/notify/received-texts`, receivedTextToken, text)
		)
	);
	expect(deliveries.map((delivery) => delivery.status)).toEqual([204, 204, 204, 204]);
	const answers = (await messagesTo(mobile)).filter((message) => message.kind === 'text.kept');
	expect(answers).toHaveLength(1);
	// PostgreSQL's text cannot hold NUL: words holding one are read and kept without it, and a
	// Notify id holding one is refused, never a failure.
	const withNul = (message: string, id: string) =>
		postToApp(`${instanceURLs[0]}/notify/received-texts`, receivedTextToken, {
			...text,
			id,
			message
		});
	expect((await withNul('1\u0000', randomUUID())).status).toBe(204);
	expect((await withNul('1', `${randomUUID()}\u0000`)).status).toBe(400);
});

test('both workers together send many messages, each once', async () => {
	const { service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	const day = daysAhead(12);
	const residents: Awaited<ReturnType<typeof aResident>>[] = [];
	for (let minute = 0; minute < 30; minute++) {
		await aSlot(service, day, `13:${String(minute).padStart(2, '0')}`, { mode: 'phone' });
		residents.push(await aResident());
	}
	for (const resident of residents) await anAppointment(resident, service, { fromDays: 11 });
	// Each confirmation leaves the outbox once one of the workers has handed it to Notify.
	await expect
		.poll(
			async () => {
				const messages = await Promise.all(residents.map((each) => messagesTo(each.email)));
				return messages.flat().filter((message) => message.status === 'sent').length;
			},
			{ timeout: 30_000 }
		)
		.toBe(residents.length);
});

test("a request made through one instance is in the staff queue of both, and in the resident's list", async ({
	page,
	context
}) => {
	const [first, second] = instanceURLs as [string, string];
	const { organisationId, service } = await anOrganisation(`Twin Practice ${uniqueWord()}`);
	const resident = await aResident();
	const id = await aRequest(resident, service);
	const { database, tables } = await domain();
	const [staff] = await database()
		.insert(tables.users)
		.values({
			email: `lead-${uniqueWord()}@example.org`,
			passwordHash: 'x',
			role: 'staff',
			organisationId
		})
		.returning({ id: tables.users.id });
	await signInAs(context, staff!.id);
	for (const instance of [first, second]) {
		await page.goto(`${instance}/staff/requests`);
		await expect(page.locator(`main a[href="/staff/requests/${id}"]`)).toHaveCount(1);
		await expectAccessible(page);
	}
	await context.clearCookies();
	await signInAs(context, resident.userId);
	for (const instance of [first, second]) {
		await page.goto(`${instance}/requests`);
		await expect(page.locator('main')).toContainText(service.name);
		await expectAccessible(page);
	}
});

test("an invitation code sent to both instances at once is taken once, and the carer is on the person's list", async ({
	playwright,
	page,
	context
}) => {
	const [first, second] = instanceURLs as [string, string];
	const resident = await aResident();
	const carer = await anAccount();
	const { invite } = await domain();
	const invitation = await invite(
		resident.context,
		{ kind: 'email', value: carer.email },
		{ permissions: ['appointments.view'], carePlanLabels: ['general'] },
		'en'
	);
	if (!invitation.ok) throw new Error('not invited');
	const origin = new URL(test.info().project.use.baseURL!).origin;
	const signedIn = async (instance: string) => {
		const request = await playwright.request.newContext({
			baseURL: instance,
			extraHTTPHeaders: { origin, accept: 'text/html' }
		});
		const signIn = await request.post('/sign-in', {
			form: { identifier: carer.email, password: demoPassword },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(303);
		return request;
	};
	const requests = [await signedIn(first), await signedIn(second)];
	const answers = await Promise.all(
		requests.map((request) =>
			request.post('/people/accept', { form: { code: invitation.code }, maxRedirects: 0 })
		)
	);
	const accepted = answers.filter((answer) => answer.status() === 303);
	expect(accepted).toHaveLength(1);
	expect(accepted[0]!.headers().location).toBe('/people?done=accepted');
	expect(answers.filter((answer) => answer.status() >= 500)).toEqual([]);
	await Promise.all(requests.map((request) => request.dispose()));

	await signInAs(context, resident.userId);
	for (const instance of [first, second]) {
		await page.goto(`${instance}/people`);
		await expect(page.locator('main')).toContainText(carer.email);
		await expectAccessible(page);
	}
});
