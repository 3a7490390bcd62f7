import { randomUUID } from 'node:crypto';
import type { ActingContext } from '../access/policy';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../../../../tests/fake-notify';
import { translatorFor } from '$lib/i18n';
import { bookSlot } from '../appointments/booking';
import { appointmentToTell } from '../appointments/queries';
import { database, tables, transaction } from '../db';
import type { ReachMethod } from '../db/schema';
import { aFreeSlot, aPatient, aProxyFor, aService } from '../test-data';
import { checkDeliveries, readDeliveryReceipt, recordDelivery, undeliveredAbout } from './delivery';
import { notifyDriver } from './drivers';
import { queueAccountMessage, queueAppointmentMessage } from './outbox';
import { markSent } from './queue';
import { sendDueMessages, startMessageWorker } from './worker';

const db = database();
const { outbox } = tables;
const practice = await aService();
const now = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => n * 60_000;

let nextStart = now.getTime() + 3 * 24 * 60 * minutes(1);
const freeSlot = async () => await aFreeSlot(practice, new Date((nextStart += minutes(60))));

let people = 0;
/**
 * A patient who prefers texts, with a mobile number and whatever else is given: an email address
 * on their account, a postal address on their record, a carer.
 */
async function aTexter(more: { email?: boolean; address?: boolean; carer?: boolean } = {}) {
	const n = ++people;
	const context = await aPatient(`Texter${n}`, {
		mobile: `+4477009${String(n).padStart(5, '0')}`,
		language: 'pl',
		...(more.email ? { email: `texter${n}@example.org` } : {})
	});
	const patientId = context.subject!.patientId;
	await db
		.update(tables.patients)
		.set({
			reachBy: 'sms' satisfies ReachMethod,
			address: more.address ? `${n} Park Road\nEastmere` : null
		})
		.where(eq(tables.patients.id, patientId));
	if (more.carer) await aProxyFor(context, `Carer${n}`, ['appointments.view'], ['general']);
	return context;
}

const messagesAbout = async (appointmentId: number) =>
	await db.select().from(outbox).where(eq(outbox.appointmentId, appointmentId));

/** The message is handed to Notify, which gives it an id. */
async function handedOn(messageId: number) {
	const providerId = randomUUID();
	await markSent(messageId, { at: now, providerId, keptBody: 'kept' });
	return { providerId, reference: `outbox-${messageId}` };
}

/** A booking, its confirmation texted and handed to Notify. */
async function textedConfirmation(given?: ActingContext) {
	const context = given ?? (await aTexter());
	const booked = await bookSlot(context, { slotId: (await freeSlot()).id, needs: {} }, now);
	if (!booked.ok) throw new Error(booked.reason);
	const [text] = await messagesAbout(booked.appointment.id);
	expect(text).toMatchObject({ channel: 'sms', kind: 'appointment.booked' });
	return { appointment: booked.appointment, text: text!, ...(await handedOn(text!.id)) };
}

const later = new Date(now.getTime() + minutes(5));

describe('delivery receipts', () => {
	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('records a receipt once: a repeated or later one changes nothing', async () => {
		const { appointment, providerId, reference } = await textedConfirmation();
		expect(await recordDelivery({ providerId, reference, status: 'delivered' }, now)).toBe(
			'recorded'
		);
		expect(await recordDelivery({ providerId, reference, status: 'delivered' }, later)).toBe(
			'unchanged'
		);
		expect(
			await recordDelivery({ providerId, reference, status: 'permanent-failure' }, later)
		).toBe('unchanged');
		expect(await messagesAbout(appointment.id)).toMatchObject([
			{ deliveryStatus: 'delivered', deliveryStatusAt: now }
		]);
	});

	it('keeps a status that is not final out, and a final failure once', async () => {
		const { appointment, providerId, reference } = await textedConfirmation(
			await aTexter({ email: true })
		);
		expect(await recordDelivery({ providerId, reference, status: 'sending' }, now)).toBe(
			'unchanged'
		);
		expect((await messagesAbout(appointment.id))[0]!.deliveryStatus).toBeNull();
		expect(await recordDelivery({ providerId, reference, status: 'permanent-failure' }, now)).toBe(
			'recorded'
		);
		expect(
			await recordDelivery({ providerId, reference, status: 'permanent-failure' }, later)
		).toBe('unchanged');
		expect(await recordDelivery({ providerId, reference, status: 'delivered' }, later)).toBe(
			'unchanged'
		);
		// Told again once, whatever came after.
		expect((await messagesAbout(appointment.id)).map((m) => [m.channel, m.deliveryStatus])).toEqual(
			[
				['sms', 'permanent-failure'],
				['email', null]
			]
		);
	});

	it('changes nothing for a receipt that is not for one of our messages', async () => {
		const first = await textedConfirmation();
		const second = await textedConfirmation();
		const failed = 'permanent-failure';
		for (const receipt of [
			// Another message's reference with this one's id: both must agree.
			{ providerId: first.providerId, reference: second.reference, status: failed },
			{ providerId: randomUUID(), reference: first.reference, status: failed },
			{ providerId: first.providerId, reference: null, status: failed },
			{ providerId: first.providerId, reference: `${first.reference}0`, status: failed },
			{ providerId: first.providerId, reference: 'outbox-0', status: failed }
		]) {
			expect(await recordDelivery(receipt, now)).toBe('unknown');
		}
		for (const { appointment } of [first, second]) {
			expect(await messagesAbout(appointment.id)).toMatchObject([{ deliveryStatus: null }]);
		}
	});
});

describe('a text that does not arrive', () => {
	/** The confirmation texted, failed; what is queued to tell it again. */
	async function failedAndToldAgain(
		context: Awaited<ReturnType<typeof aTexter>>,
		status = 'permanent-failure'
	) {
		const confirmation = await textedConfirmation(context);
		expect(await recordDelivery({ ...confirmation, status }, now)).toBe('recorded');
		const [, ...toldAgain] = await messagesAbout(confirmation.appointment.id);
		return { ...confirmation, toldAgain };
	}

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('goes by email first, with its subject, in their language, linked to the text', async () => {
		const { text, toldAgain } = await failedAndToldAgain(
			await aTexter({ email: true, address: true })
		);
		const polish = translatorFor('pl');
		expect(toldAgain).toMatchObject([
			{
				kind: 'appointment.booked',
				channel: 'email',
				recipient: `texter${people}@example.org`,
				language: 'pl',
				status: 'queued',
				replacesId: text.id
			}
		]);
		expect(toldAgain[0]!.subject).toBeTruthy();
		expect(toldAgain[0]!.body).toContain(polish('messages.booked.lead'));
		expect(toldAgain[0]!.body).toContain(polish('messages.greeting', { name: `Texter${people}` }));
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('then by letter, to the address on their record, with its heading', async () => {
		const { toldAgain } = await failedAndToldAgain(
			await aTexter({ address: true, carer: true }),
			'temporary-failure'
		);
		expect(toldAgain).toMatchObject([
			{
				channel: 'letter',
				recipient: `Texter${people} Test\n${people} Park Road\nEastmere\nE20 1AA`
			}
		]);
		expect(toldAgain[0]!.subject).toBeTruthy();
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('then through their carer, greeted as their carer', async () => {
		const { toldAgain } = await failedAndToldAgain(
			await aTexter({ carer: true }),
			'technical-failure'
		);
		const polish = translatorFor('pl');
		expect(toldAgain).toMatchObject([
			{ channel: 'email', recipient: `carer${people}@example.org`, language: 'en' }
		]);
		expect(toldAgain[0]!.body).toContain(
			translatorFor('en')('messages.greetingCarer', { name: `Texter${people} Test` })
		);
		expect(toldAgain[0]!.body).not.toContain(polish('messages.booked.lead'));
	});

	it('is only recorded when there is no other way to reach them: never a text again', async () => {
		const { appointment, toldAgain } = await failedAndToldAgain(await aTexter());
		expect(toldAgain).toEqual([]);
		expect(await undeliveredAbout([appointment.id])).toEqual([
			{ appointmentId: appointment.id, channel: 'sms', toldAgainBy: null }
		]);
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('tells staff which way it went instead', async () => {
		const { appointment } = await failedAndToldAgain(await aTexter({ address: true }));
		expect(await undeliveredAbout([appointment.id])).toEqual([
			{ appointmentId: appointment.id, channel: 'sms', toldAgainBy: 'letter' }
		]);
	});

	it('is the way too for a number that asked for no more texts (STOP)', async () => {
		const context = await aTexter({ address: true });
		const mobile = `+4477009${String(people).padStart(5, '0')}`;
		await db.insert(tables.textOptOuts).values({ phone: mobile });
		const booked = await bookSlot(context, { slotId: (await freeSlot()).id, needs: {} }, now);
		if (!booked.ok) throw new Error(booked.reason);
		expect(await messagesAbout(booked.appointment.id)).toMatchObject([
			{ channel: 'letter', recipient: expect.stringContaining('Park Road') }
		]);
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('never sends a reminder by letter, which would arrive after the appointment', async () => {
		const context = await aTexter({ address: true, carer: true });
		const { appointment } = await textedConfirmation(context);
		await transaction(
			async (tx) =>
				await queueAppointmentMessage(
					tx,
					'appointment.reminder',
					(await appointmentToTell(appointment.id))!,
					now
				)
		);
		const reminder = (await messagesAbout(appointment.id)).find(
			(m) => m.kind === 'appointment.reminder'
		)!;
		expect(reminder.channel).toBe('sms');
		const receipt = { ...(await handedOn(reminder.id)), status: 'permanent-failure' };
		expect(await recordDelivery(receipt, now)).toBe('recorded');
		expect(
			(await messagesAbout(appointment.id))
				.filter((m) => m.replacesId === reminder.id)
				.map((m) => [m.kind, m.channel, m.recipient])
		).toEqual([['appointment.reminder', 'email', `carer${people}@example.org`]]);
	});

	it('does not tell a reminder again once its time has passed', async () => {
		const { appointment } = await textedConfirmation(await aTexter({ email: true }));
		await transaction(
			async (tx) =>
				await queueAppointmentMessage(
					tx,
					'appointment.reminder',
					(await appointmentToTell(appointment.id))!,
					now
				)
		);
		const reminder = (await messagesAbout(appointment.id)).find(
			(m) => m.kind === 'appointment.reminder'
		)!;
		const afterIt = new Date(
			(await appointmentToTell(appointment.id))!.startsAt.getTime() + minutes(1)
		);
		const receipt = { ...(await handedOn(reminder.id)), status: 'temporary-failure' };
		expect(await recordDelivery(receipt, afterIt)).toBe('recorded');
		expect(
			(await messagesAbout(appointment.id)).filter((m) => m.replacesId === reminder.id)
		).toEqual([]);
	});

	it('never tells a message about an account another way', async () => {
		const context = await aTexter({ email: true, address: true, carer: true });
		const mobile = `+4477009${String(people).padStart(5, '0')}`;
		await transaction(
			async (tx) =>
				await queueAccountMessage(
					tx,
					{ patientId: context.subject!.patientId, language: 'pl' },
					{ kind: 'mobile', value: mobile },
					{ kind: 'account.reset_code', code: '123456', expiresAt: later, now }
				)
		);
		const ofPatient = async () =>
			await db.select().from(outbox).where(eq(outbox.patientId, context.subject!.patientId));
		const before = await ofPatient();
		const code = before.find((message) => message.kind === 'account.reset_code');
		expect(code).toMatchObject({ channel: 'sms', about: null });
		expect(
			await recordDelivery({ ...(await handedOn(code!.id)), status: 'permanent-failure' }, now)
		).toBe('recorded');
		expect(await ofPatient()).toHaveLength(before.length);
	});
});

describe('asking Notify how texts went, without its callback', () => {
	let notify: FakeNotify;
	beforeAll(async () => {
		notify = await startFakeNotify();
	});
	afterAll(() => notify.close());

	it('records each answer as a receipt, asking again only after a while', async () => {
		// Everything else queued so far is out of the way.
		await db.update(outbox).set({ status: 'withdrawn' }).where(eq(outbox.status, 'queued'));
		const driver = notifyDriver({
			apiKey: notify.apiKey,
			baseUrl: notify.url,
			emailTemplateId: 'email-template',
			smsTemplateId: 'sms-template'
		});
		const delivered = await bookSlot(
			await aTexter(),
			{ slotId: (await freeSlot()).id, needs: {} },
			now
		);
		const failed = await bookSlot(
			await aTexter({ email: true }),
			{ slotId: (await freeSlot()).id, needs: {} },
			now
		);
		if (!delivered.ok || !failed.ok) throw new Error('not booked');
		expect(await sendDueMessages(driver, () => now)).toBe(2);
		const [deliveredId, failedId] = notify.ids.slice(-2);
		notify.statuses.set(deliveredId!, 'delivered');

		const ask = driver.deliveryOf!.bind(driver);
		const round = { now, every: minutes(5), limit: 50 };
		expect(await checkDeliveries(ask, round)).toBe(1);
		expect(await messagesAbout(delivered.appointment.id)).toMatchObject([
			{ deliveryStatus: 'delivered', deliveryCheckedAt: now }
		]);
		// Still "sending": asked about again once `every` has passed, not before.
		const [text] = await messagesAbout(failed.appointment.id);
		expect(text).toMatchObject({ deliveryStatus: null, deliveryCheckedAt: now });
		notify.statuses.set(failedId!, 'permanent-failure');
		const asked = notify.received.length;
		expect(await checkDeliveries(ask, { ...round, now: new Date(later.getTime() - 1) })).toBe(0);
		expect((await messagesAbout(failed.appointment.id))[0]!.deliveryStatus).toBeNull();
		expect(await checkDeliveries(ask, { ...round, now: later })).toBe(1);
		expect(
			(await messagesAbout(failed.appointment.id)).map((m) => [m.channel, m.deliveryStatus])
		).toEqual([
			['sms', 'permanent-failure'],
			['email', null]
		]);
		// Asking is not sending: nothing was posted to Notify meanwhile.
		expect(notify.received.length).toBe(asked);
		expect(
			(
				await db
					.select()
					.from(outbox)
					.where(and(eq(outbox.id, text!.id), eq(outbox.status, 'sent')))
			)[0]
		).toBeTruthy();
	});

	it('is what the message worker does when asked to poll', async () => {
		const driver = notifyDriver({
			apiKey: notify.apiKey,
			baseUrl: notify.url,
			emailTemplateId: 'email-template',
			smsTemplateId: 'sms-template'
		});
		const booked = await bookSlot(
			await aTexter(),
			{ slotId: (await freeSlot()).id, needs: {} },
			now
		);
		if (!booked.ok) throw new Error('not booked');
		const sent = async () => (await messagesAbout(booked.appointment.id))[0]!;
		expect(await sendDueMessages(driver)).toBeGreaterThan(0);
		notify.statuses.set((await sent()).providerId!, 'delivered');
		const stop = startMessageWorker(driver, async () => 0, minutes(5));
		try {
			await vi.waitFor(async () => expect((await sent()).deliveryStatus).toBe('delivered'));
		} finally {
			await stop();
		}
	});

	it('gives no answer for a message Notify does not know, or a wrong key', async () => {
		const driver = notifyDriver({
			apiKey: notify.apiKey,
			baseUrl: notify.url,
			emailTemplateId: 'e',
			smsTemplateId: 's'
		});
		expect(await driver.deliveryOf!(randomUUID())).toBeNull();
		const wrongKey = notifyDriver({
			apiKey: `wrong-${randomUUID()}-${randomUUID()}`,
			baseUrl: notify.url,
			emailTemplateId: 'e',
			smsTemplateId: 's'
		});
		expect(await wrongKey.deliveryOf!(notify.ids[0]!)).toBeNull();
	});
});

describe('reading a delivery receipt', () => {
	const id = randomUUID();
	it('reads Notify’s id, our reference and the status, and nothing else', () => {
		expect(
			readDeliveryReceipt({
				id,
				reference: 'outbox-12',
				to: '+447700900123',
				status: 'permanent-failure',
				created_at: '2026-11-23T09:00:00.000000Z',
				completed_at: null,
				sent_at: null,
				notification_type: 'sms',
				template_id: randomUUID(),
				template_version: 1
			})
		).toEqual({ providerId: id, reference: 'outbox-12', status: 'permanent-failure' });
	});

	it('refuses what is not one: missing fields, wrong types, control characters, huge values', () => {
		for (const posted of [
			null,
			[],
			'delivered',
			{},
			{ id, reference: 'outbox-1' },
			{ id: 12, reference: 'outbox-1', status: 'delivered' },
			{ id: 'not-a-uuid', reference: 'outbox-1', status: 'delivered' },
			{ id, reference: 12, status: 'delivered' },
			{ id, reference: 'outbox-1\u0000', status: 'delivered' },
			{ id, reference: 'outbox-1', status: 'delivered\n' },
			{ id, reference: 'outbox-1', status: 'x'.repeat(41) },
			{ id, reference: `outbox-${'1'.repeat(200)}`, status: 'delivered' }
		]) {
			expect(readDeliveryReceipt(posted)).toBeNull();
		}
	});

	// A few hundred generated bodies take about a second alone, and several times that beside the
	// build, svelte-check and lint on a loaded two-core CI machine: a longer time-out than 5 s.
	it('never throws, whatever is posted', { timeout: 60_000 }, async () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 3 }), (posted) => {
				const read = readDeliveryReceipt(posted);
				expect(read === null || typeof read.status === 'string').toBe(true);
			})
		);
		await fc.assert(
			fc.asyncProperty(fc.string({ unit: 'binary' }), fc.string(), async (reference, status) => {
				await expect(
					recordDelivery({ providerId: id, reference, status }, now)
				).resolves.not.toThrow();
			}),
			{ numRuns: 300 }
		);
	});
});
