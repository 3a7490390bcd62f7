// Answering by text: a resident with a basic phone keeps, cancels, moves or asks to be called
// about an appointment by replying to our text, in their language, through Notify's
// received-text callback (posted here as Notify posts it). Staff see what happened; no text is
// processed twice, none acts for the wrong person, and nothing else gets through the callback.
import { randomUUID } from 'node:crypto';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import pl from '../src/lib/i18n/locales/pl.json' with { type: 'json' };
import staff from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import {
	aProxyFor,
	aResident,
	anAccountLike,
	anAppointment,
	appointmentNow,
	canBook,
	e164,
	messagesTo,
	onlyByText,
	signInAs,
	uniqueWord,
	type Resident
} from './factories';
import { postToApp } from './fake-notify';
import { expect, expectAccessible, test } from './fixtures';
import { receivedTextToken } from './playwright.config';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'the callback is the same without scripts');

/** Posts a received text to the app as GOV.UK Notify does, with its bearer token. */
function textFrom(
	from: string,
	message: string,
	{ id = randomUUID(), token = receivedTextToken }: { id?: string; token?: string } = {}
) {
	return postToApp(`${test.info().project.use.baseURL}/notify/received-texts`, token, {
		id,
		// Notify gives the sender's number in international form without the plus.
		source_number: e164(from).slice(1),
		destination_number: '07797800000',
		message,
		date_received: new Date().toISOString().replace('Z', '')
	});
}

async function texter(language: string) {
	return aResident({ givenName: 'Texter', withMobile: true, language, reachBy: 'sms' });
}

const kinds = async (resident: Resident) =>
	(await messagesTo(e164(resident.mobile!))).map((message) => message.kind);

test('a reminder in Polish, "2": cancelled, the time freed, a Polish confirmation, logged as by text', async ({
	page
}) => {
	const resident = await texter('pl');
	const appointment = await anAppointment(resident, 'GP appointment');
	const [asked] = await messagesTo(e164(resident.mobile!));
	expect(asked).toMatchObject({ kind: 'appointment.booked', channel: 'sms', language: 'pl' });

	expect((await textFrom(resident.mobile!, '2')).status).toBe(204);
	expect(await appointmentNow(appointment.id)).toMatchObject({ status: 'cancelled' });
	const cancelled = (await messagesTo(e164(resident.mobile!))).at(-1);
	expect(cancelled).toMatchObject({ kind: 'appointment.cancelled', language: 'pl' });

	// The time is free again: someone else can book it.
	expect(await canBook(await aResident(), appointment.slotId)).toBe(true);

	// Her activity log says she did it, by text message, in her language.
	await signInAs(page.context(), resident.userId);
	await page.goto('/activity');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(
		pl.activity.by.byText.replace('{{who}}', pl.activity.by.self)
	);
});

test('"3" offers other times, and "2" moves it to the second', async () => {
	const resident = await texter('en');
	const appointment = await anAppointment(resident, 'GP appointment');
	expect((await textFrom(resident.mobile!, '3')).status).toBe(204);
	expect((await kinds(resident)).at(-1)).toBe('text.times');
	expect((await textFrom(resident.mobile!, '2')).status).toBe(204);
	const moved = await appointmentNow(appointment.id);
	expect(moved).toMatchObject({ status: 'booked' });
	expect(moved!.slotId).not.toBe(appointment.slotId);
	expect((await kinds(resident)).at(-1)).toBe('appointment.rescheduled');
});

test('"4" puts a request to call them in the service\'s queue, which staff see was asked by text', async ({
	page
}) => {
	const resident = await texter('en');
	await anAppointment(resident, 'GP appointment');
	expect((await textFrom(resident.mobile!, '4')).status).toBe(204);
	// Told it came the way a call request is told: by their account's own address.
	const told = (await messagesTo(resident.email)).map((message) => message.kind);
	expect(told).toContain('request.received');

	const staffId = await anAccountLike('staff@example.org', `staff-${uniqueWord()}@example.org`);
	await signInAs(page.context(), staffId);
	await page.goto('/staff/requests');
	await expectAccessible(page);
	await page.getByRole('link', { name: resident.name }).first().click();
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(staff.requests.askedByText);
});

test('an Arabic speaker replies "١" in Arabic-Indic digits: kept, and the diary says so', async ({
	page
}) => {
	const resident = await texter('ar');
	const appointment = await anAppointment(resident, 'GP appointment');
	expect((await textFrom(resident.mobile!, '١')).status).toBe(204);
	expect((await appointmentNow(appointment.id))!.confirmedAt).not.toBeNull();
	const kept = (await messagesTo(e164(resident.mobile!))).at(-1);
	// Notify cannot send Arabic script by text, so the answer is in English; her words were read.
	expect(kept).toMatchObject({ kind: 'text.kept', language: 'en' });

	// Her activity log, in Arabic: she said she will come, by text message.
	await signInAs(page.context(), resident.userId);
	await page.goto('/activity');
	await expectAccessible(page);
	const entry = page.locator('main li').first();
	await expect(entry).toContainText(ar.activity.actions['appointment.confirmed'].split(' (')[0]!);
	await expect(entry).toContainText(ar.activity.by.byText.replace('{{who}}', ar.activity.by.self));

	await page.context().clearCookies();
	const staffId = await anAccountLike('staff@example.org', `staff-${uniqueWord()}@example.org`);
	await signInAs(page.context(), staffId);
	const day = (await appointmentNow(appointment.id))!.startsAt.toLocaleDateString('en-CA', {
		timeZone: 'Europe/London'
	});
	await page.goto(`/staff/diary?day=${day}`);
	await expectAccessible(page);
	const row = page.locator(`#slot-${appointment.slotId}`);
	await expect(row).toContainText(staff.diary.confirmedByText);
	await expect(row).toContainText(staff.diary.textOutcomes.kept);
});

// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
// Hazard H-016: a text reply acting on the wrong appointment.
test('a carer who gets texts for two people: a reply answers the latest question only', async () => {
	const carerPermissions = ['appointments.view', 'appointments.manage'] as const;
	const mum = await aResident({ givenName: 'Mum', reachBy: 'carer' });
	const dad = await aResident({ givenName: 'Dad', reachBy: 'carer' });
	const carer = await aResident({ givenName: 'Carer', withMobile: true });
	// A basic phone: no email address, so every message to the carer goes by text.
	await onlyByText(carer);
	await aProxyFor(mum, [...carerPermissions], ['general'], { as: carer });
	await aProxyFor(dad, [...carerPermissions], ['general'], { as: carer });
	const mums = await anAppointment(mum, 'GP appointment');
	const dads = await anAppointment(dad, 'GP appointment', { fromDays: 5 });
	expect((await kinds(carer)).filter((kind) => kind === 'appointment.booked')).toHaveLength(2);

	expect((await textFrom(carer.mobile!, '2')).status).toBe(204);
	expect(await appointmentNow(dads.id)).toMatchObject({ status: 'cancelled' });
	expect(await appointmentNow(mums.id)).toMatchObject({ status: 'booked' });
});

test('a number we never texted gets the help text, and nothing changes', async () => {
	const stranger = `07700 9${String(Date.now()).slice(-5)}`;
	expect((await textFrom(stranger, '2')).status).toBe(204);
	expect((await messagesTo(e164(stranger))).map((message) => message.kind)).toEqual(['text.help']);
});

test('a callback sent twice changes nothing the second time', async () => {
	const resident = await texter('en');
	const appointment = await anAppointment(resident, 'GP appointment');
	const id = randomUUID();
	expect((await textFrom(resident.mobile!, '3', { id })).status).toBe(204);
	const after = await messagesTo(e164(resident.mobile!));
	expect((await textFrom(resident.mobile!, '3', { id })).status).toBe(204);
	expect(await messagesTo(e164(resident.mobile!))).toHaveLength(after.length);
	expect(await appointmentNow(appointment.id)).toMatchObject({ status: 'booked' });
});

test('a wrong or missing bearer token gets 401, and nothing changes', async ({ request }) => {
	const resident = await texter('en');
	const appointment = await anAppointment(resident, 'GP appointment');
	const before = await messagesTo(e164(resident.mobile!));
	const wrong = await textFrom(resident.mobile!, '2', { token: 'not-the-token' });
	expect(wrong.status).toBe(401);
	const none = await request.post('/notify/received-texts', {
		data: { id: randomUUID(), source_number: '447700900000', message: '2', date_received: '' }
	});
	expect(none.status()).toBe(401);
	expect(await appointmentNow(appointment.id)).toMatchObject({ status: 'booked' });
	expect(await messagesTo(e164(resident.mobile!))).toHaveLength(before.length);
});

test('hostile bodies through the callback: never a 5xx, and nothing changes', async () => {
	const resident = await texter('en');
	const appointment = await anAppointment(resident, 'GP appointment');
	const post = (data: unknown) =>
		postToApp(`${test.info().project.use.baseURL}/notify/received-texts`, receivedTextToken, data);
	const from = e164(resident.mobile!).slice(1);
	const answers = [
		await post('{not json'),
		await post({}),
		await post({ id: randomUUID(), source_number: from }),
		await post({ id: 7, source_number: from, message: '2', date_received: '' }),
		await post({ id: randomUUID(), source_number: from, message: ['2'], date_received: '' }),
		await post({ id: 'x'.repeat(5000), source_number: from, message: '2', date_received: '' }),
		await post({ id: randomUUID(), source_number: from, message: '2'.repeat(200_000) })
	];
	for (const answer of answers) expect(answer.status).toBeGreaterThanOrEqual(400);
	for (const answer of answers) expect(answer.status).toBeLessThan(500);
	// Control characters, mixed scripts and a long text are read, not understood, and answered.
	for (const message of ['\u0000\u0007\u001b[2J', 'نعم yes 是 २', 'x'.repeat(5000)]) {
		expect((await textFrom(resident.mobile!, message)).status).toBe(204);
	}
	expect(await appointmentNow(appointment.id)).toMatchObject({
		status: 'booked',
		confirmedAt: null
	});
});
