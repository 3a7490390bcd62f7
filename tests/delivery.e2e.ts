// Delivery receipts from GOV.UK Notify (issue 22): a resident reached only by text books, the
// confirmation cannot be delivered, Notify's callback says so, and the same news goes by letter
// to the address on their record; staff see it on the outbox and on the diary's day list. The
// callback refuses a wrong token and anything that is not a receipt, and a receipt sent twice
// changes nothing the second time. Then fast-check's hostile bodies: never a 5xx, and the text
// they name is as it was.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import staff from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, test } from './fixtures';
import {
	aResident,
	aServiceLike,
	aSlot,
	anAccountLike,
	anAppointment,
	e164,
	reachedByTextOnly,
	sentThroughNotify,
	signInAs,
	uniqueWord
} from './factories';
import { postToApp } from './fake-notify';
import { e2eDatabase, notifyDeliveryReceiptToken } from './playwright.config';

/** A London date some days from today, as the diary's address takes it. */
function daysFromToday(days: number): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
	const [year, month, day] = today.split('-').map(Number);
	return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

// Hazard H-005: a message that never arrives, or in the wrong language.
test('a text that is not delivered goes by letter instead, and staff see it', async ({
	page
}, testInfo) => {
	const receipts = `${testInfo.project.use.baseURL}/notify/delivery-receipts`;
	const post = (body: unknown, token = notifyDeliveryReceiptToken) =>
		postToApp(receipts, token, body).then((response) => response.status);

	const resident = await aResident({ withMobile: true });
	const street = `${uniqueWord()} Road`;
	await reachedByTextOnly(resident, `1 ${street}\nEastmere`);
	const gp = await aServiceLike('GP appointment', `GP clinic ${uniqueWord()}`);
	const day = daysFromToday(5);
	await aSlot(gp, day, '10:00');
	const appointment = await anAppointment(resident, gp.name);
	const text = await sentThroughNotify(appointment.id);
	const failed = { id: text.id, reference: text.reference, status: 'permanent-failure' };

	// Not Notify: refused, and nothing recorded (else the receipt below would change nothing).
	expect(await post({ ...failed, status: 'delivered' }, 'not-the-token')).toBe(401);
	expect(await post({ ...failed, status: 'delivered' }, '')).toBe(401);
	// Not a receipt: refused, never a fault of ours.
	for (const [body, status] of [
		['not json', 400],
		[{ ...failed, id: 12 }, 400],
		[{ reference: text.reference, status: 'delivered' }, 400],
		[{ ...failed, status: 'delivered\u0000' }, 400],
		[{ ...failed, reference: `${text.reference}\n` }, 400],
		[JSON.stringify({ ...failed, padding: 'x'.repeat(64 * 1024) }), 413]
	] as const) {
		expect(await post(body)).toBe(status);
	}
	// Another message's receipt, or a status on the way: answered, nothing changes.
	expect(await post({ ...failed, id: crypto.randomUUID() })).toBe(204);
	expect(await post({ ...failed, status: 'sending' })).toBe(204);

	expect(await post(failed)).toBe(204);
	// Sent again, as Notify does when it hears nothing back: the letter is not sent twice.
	expect(await post(failed)).toBe(204);

	// The admin's outbox (in the demo): the text not delivered, and the letter in its place.
	await signInAs(
		page.context(),
		await anAccountLike('admin@example.org', `admin-${uniqueWord()}@example.org`)
	);
	await page.goto('/staff/outbox?show=undelivered');
	await expectAccessible(page);
	const mobile = e164(resident.mobile!);
	await expect(page.getByRole('row').filter({ hasText: mobile })).toContainText(
		staff.outbox.deliveryStatuses['permanent-failure']
	);
	await expect(page.getByRole('row').filter({ hasText: mobile })).toContainText(
		staff.outbox.toldAgainBy.letter
	);
	await page.getByRole('link', { name: staff.outbox.showAll }).click();
	await expectAccessible(page);
	const letters = page.getByRole('row').filter({ hasText: street });
	await expect(letters).toHaveCount(1);
	await expect(letters).toContainText(staff.outbox.channels.letter);
	await expect(letters).toContainText(staff.outbox.replaces);
	await expect(letters).toContainText(staff.outbox.kinds['appointment.booked']);
	// The same news, written as a letter to the resident: their name, and the booking's reference.
	await expect(letters).toContainText(resident.name);
	const reference = `${appointment.reference.slice(0, 3)} ${appointment.reference.slice(3)}`;
	await expect(letters).toContainText(reference);

	// The service's staff, on the day's list.
	await page.context().clearCookies();
	await signInAs(
		page.context(),
		await anAccountLike('staff@example.org', `staff-${uniqueWord()}@example.org`)
	);
	await page.goto(`/staff/diary?day=${day}`);
	await expectAccessible(page);
	await expect(page.getByRole('row').filter({ hasText: resident.familyName })).toContainText(
		`${staff.diary.notDelivered.sms}: ${staff.diary.toldAgainBy.letter}`
	);
});

test('hostile receipts are answered 4xx or 204, never 5xx, and change nothing', async () => {
	const receipts = `${test.info().project.use.baseURL}/notify/delivery-receipts`;
	const resident = await aResident({ withMobile: true });
	await reachedByTextOnly(resident, `2 ${uniqueWord()} Road\nEastmere`);
	const appointment = await anAppointment(resident, 'GP appointment');
	const text = await sentThroughNotify(appointment.id);

	const final = ['delivered', 'permanent-failure', 'temporary-failure', 'technical-failure'];
	const hostile = fc.string({ unit: 'binary', maxLength: 300 });
	const bodies = fc.sample(
		fc.oneof(
			fc.jsonValue(),
			// Shaped like a receipt for this very text, but each field may be wrong; never a final status.
			fc.record(
				{
					id: fc.oneof(fc.constant(text.id), hostile, fc.integer(), fc.constant(null)),
					reference: fc.oneof(fc.constant(text.reference), hostile, fc.nat(), fc.constant(null)),
					status: fc.oneof(
						fc.constantFrom('sending', 'created', 'pending', 'sent', 'Delivered', ' delivered'),
						hostile.filter((status) => !final.includes(status))
					),
					to: fc.oneof(hostile, fc.constant('+447700900123'))
				},
				{ requiredKeys: [] }
			),
			// Not JSON at all: control characters, mixed scripts, half a document.
			hostile,
			hostile.map((tail) => `{"id":"${text.id}","status":"${tail}`)
		),
		{ numRuns: 120, seed: 22_2026 }
	);
	for (const body of bodies) {
		const answer = await postToApp(receipts, notifyDeliveryReceiptToken, body);
		expect([204, 400], JSON.stringify(body)).toContain(answer.status);
	}
	// Far longer than any receipt: refused before it is read (by the app, or by adapter-node).
	const long = await postToApp(receipts, notifyDeliveryReceiptToken, 'x'.repeat(1024 * 1024));
	expect(long.status).toBe(413);

	const db = new Database(e2eDatabase, { readonly: true });
	try {
		const id = Number(text.reference.slice('outbox-'.length));
		expect(
			db
				.prepare(
					'SELECT delivery_status AS status, (SELECT count(*) FROM outbox WHERE replaces_id = ?) AS toldAgain FROM outbox WHERE id = ?'
				)
				.get(id, id)
		).toEqual({ status: null, toldAgain: 0 });
	} finally {
		db.close();
	}
});
