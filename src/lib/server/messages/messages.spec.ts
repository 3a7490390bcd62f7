import { eq } from 'drizzle-orm';
import type { ActingContext } from '../access/policy';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../../../../tests/fake-notify';
import { catalogueName, translatorFor } from '$lib/i18n';
import { addDays, londonDate, londonTime } from '$lib/time';
import { bookSlot, cancelAppointment, rescheduleAppointment } from '../appointments/booking';
import { appointmentToTell } from '../appointments/queries';
import { appointmentsDueReminder, queueDueReminders } from '../appointments/reminders';
import { database, tables, transaction } from '../db';
import { aFreeSlot, aPatient, aService } from '../test-data';
import { createLetterbox } from './demo-letterbox';
import { localDriver, notifyDriver, type MessageDriver, type SendOutcome } from './drivers';
import { maxTextFragments, textLength } from './fragments';
import { queueAppointmentMessage } from './outbox';
import { claim, sendAgain } from './queue';
import { maxAttempts, retryDelay, sendDueMessages, startMessageWorker } from './worker';

const db = database();
const { outbox } = tables;
const practice = await aService();
const now = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => n * 60_000;

let nextStart = now.getTime() + 3 * 24 * 60 * minutes(1);
const freeSlot = async (startsAt = new Date((nextStart += minutes(60)))) =>
	await aFreeSlot(practice, startsAt);

const messagesAbout = async (appointmentId: number) =>
	await db.select().from(outbox).where(eq(outbox.appointmentId, appointmentId));

let patients = 0;
/** Ola writes in Polish; each call is a new Ola, with her own address. */
const anOla = async () =>
	await aPatient('Ola', { email: `ola${++patients}@example.org`, language: 'pl' });

async function booked(given?: ActingContext) {
	const context = given ?? (await anOla());
	const result = await bookSlot(context, { slotId: (await freeSlot()).id, needs: {} }, now);
	if (!result.ok) throw new Error(result.reason);
	return { context, appointment: result.appointment };
}

/** Everything queued so far is out of the way, so each test sees only its own messages. */
beforeEach(async () => {
	await db.update(outbox).set({ status: 'sent' }).where(eq(outbox.status, 'queued'));
});

describe('the outbox', () => {
	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('queues a confirmation in the patient’s language, by email when they have one', async () => {
		const { appointment } = await booked();
		const [message] = await messagesAbout(appointment.id);
		const email = `ola${patients}@example.org`;
		const polish = translatorFor('pl');
		expect(message).toMatchObject({
			kind: 'appointment.booked',
			channel: 'email',
			recipient: email,
			language: 'pl',
			status: 'queued',
			// The service's name is in Polish too, from the translated catalogue.
			subject: polish('messages.booked.subject', {
				service: catalogueName('pl', 'GP appointment').text
			})
		});
		expect(message!.subject).not.toContain('GP appointment');
		expect(polish('messages.booked.lead')).not.toBe(translatorFor('en')('messages.booked.lead'));
		expect(message!.body).toContain(polish('messages.booked.lead'));
		expect(message!.body).toContain(`${appointment.reference.slice(0, 3)} `);
		expect(message!.body).toContain(`/appointments/${appointment.id}`);
	});

	it('texts people who signed up with a mobile number: the short form, with no subject line', async () => {
		const { appointment } = await booked(await aPatient('Samir', { mobile: '+447700900999' }));
		const [message] = await messagesAbout(appointment.id);
		expect(message).toMatchObject({
			channel: 'sms',
			recipient: '+447700900999',
			language: 'en',
			subject: null
		});
		// The text, not the email's body: no "sign in to Joined Up" paragraph, within 3 fragments.
		expect(message!.body).toMatch(/^Hello Samir,\nBooked: /);
		expect(message!.body).not.toContain('\n\n');
		expect(textLength(message!.body).fragments).toBeLessThanOrEqual(maxTextFragments);
	});

	it('texts in English a language Notify would turn into question marks; emails stay in it', async () => {
		const texted = await booked(
			await aPatient('Amal', { mobile: '+447700900771', language: 'ar' })
		);
		const [text] = await messagesAbout(texted.appointment.id);
		expect(text).toMatchObject({ channel: 'sms', language: 'en' });
		expect(text!.body).toMatch(/^Hello Amal,/);
		expect(textLength(text!.body).notSentByNotify).toEqual([]);
		const emailed = await booked(
			await aPatient('Huda', { email: 'huda@example.org', language: 'ar' })
		);
		expect((await messagesAbout(emailed.appointment.id))[0]).toMatchObject({
			channel: 'email',
			language: 'ar'
		});
		// Polish loses only its accents to Notify, which are readable without: it stays Polish.
		const polish = await booked(
			await aPatient('Piotr', { mobile: '+447700900772', language: 'pl' })
		);
		expect((await messagesAbout(polish.appointment.id))[0]).toMatchObject({ language: 'pl' });
	});

	it('uses the way the patient prefers, when it can carry the message', async () => {
		const both = await aPatient('Priya', { email: 'priya@example.org', mobile: '+447700900555' });
		const patientId = both.subject!.patientId;
		const prefer = async (reachBy: 'sms' | 'phone' | 'letter', address: string | null = null) =>
			await database()
				.update(tables.patients)
				.set({ reachBy, address })
				.where(eq(tables.patients.id, patientId));
		await prefer('sms');
		expect((await messagesAbout((await booked(both)).appointment.id))[0]!.channel).toBe('sms');
		// A phone call cannot be queued; a letter needs an address: then the account's email.
		await prefer('phone');
		expect((await messagesAbout((await booked(both)).appointment.id))[0]!.channel).toBe('email');
		await prefer('letter');
		expect((await messagesAbout((await booked(both)).appointment.id))[0]!.channel).toBe('email');
		await prefer('letter', '2 Park Road\nEastmere');
		const { appointment } = await booked(both);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({
			channel: 'letter',
			recipient: 'Priya Test\n2 Park Road\nEastmere\nE20 1AA'
		});
		// A reminder cannot wait for the post: it goes to her account instead.
		await transaction(
			async (tx) =>
				await queueAppointmentMessage(
					tx,
					'appointment.reminder',
					(await appointmentToTell(appointment.id))!,
					now
				)
		);
		expect((await messagesAbout(appointment.id)).map((message) => message.channel)).toEqual([
			'letter',
			'email'
		]);
	});

	// Hazard H-004: a cancellation that never reaches the service.
	it('tells the patient about a changed time and a cancellation, withdrawing a waiting reminder', async () => {
		const { context, appointment } = await booked();
		const later = await freeSlot();
		expect(await rescheduleAppointment(context, appointment.id, later.id, now)).toEqual({
			ok: true
		});
		await db.insert(outbox).values({
			kind: 'appointment.reminder',
			appointmentId: appointment.id,
			channel: 'email',
			recipient: 'ola@example.org',
			language: 'pl',
			body: 'x',
			nextAttemptAt: now
		});
		expect(await cancelAppointment(context, appointment.id, null, now)).toEqual({ ok: true });
		expect((await messagesAbout(appointment.id)).map((m) => [m.kind, m.status])).toEqual([
			['appointment.booked', 'queued'],
			['appointment.rescheduled', 'queued'],
			['appointment.reminder', 'withdrawn'],
			['appointment.cancelled', 'queued']
		]);
	});

	it('queues one reminder the day before, not for appointments booked today', async () => {
		const today = londonDate(now);
		const tomorrowAt = async (time: string) => await freeSlot(londonTime(addDays(today, 1), time));
		const patient = await aPatient('Mo', { email: 'mo@example.org' });
		const insertBooked = async (slotId: number, createdAt: Date, reference: string) =>
			(
				await db
					.insert(tables.appointments)
					.values({
						reference,
						patientId: patient.subject!.patientId,
						slotId,
						bookedVia: 'self',
						createdAt
					})
					.returning()
			)[0]!;
		const earlier = await insertBooked(
			(await tomorrowAt('10:00')).id,
			addMinutes(now, -3 * 24 * 60),
			'RMDAAA'
		);
		const today_ = await insertBooked((await tomorrowAt('11:00')).id, now, 'RMDBBB');

		expect((await appointmentsDueReminder(now)).map((due) => due.id)).toContain(earlier.id);
		expect(await queueDueReminders(now)).toBe(1);
		// Once reminded, the sweep (every few minutes) no longer reads or writes for it.
		expect((await appointmentsDueReminder(now)).map((due) => due.id)).not.toContain(earlier.id);
		expect(await queueDueReminders(now)).toBe(0);
		expect((await messagesAbout(earlier.id)).map((m) => m.kind)).toEqual(['appointment.reminder']);
		expect(await messagesAbout(today_.id)).toEqual([]);
	});

	it('lets other work run while it queues a busy day’s reminders, and stops when told', async () => {
		const today = londonDate(now);
		const patient = await aPatient('Busy', { email: 'busy@example.org' });
		const booked = [];
		for (let n = 0; n < 120; n++) {
			const slot = await freeSlot(
				londonTime(addDays(today, 1), `12:${String(n % 60).padStart(2, '0')}`)
			);
			const [booking] = await db
				.insert(tables.appointments)
				.values({
					reference: `RMS${String(n).padStart(3, '0')}`,
					patientId: patient.subject!.patientId,
					slotId: slot.id,
					bookedVia: 'self',
					createdAt: addMinutes(now, -3 * 24 * 60)
				})
				.returning();
			booked.push(booking!);
		}
		let answeredMeanwhile = false;
		setImmediate(() => (answeredMeanwhile = true));
		let asked = 0;
		// Told to stop after its first step: what it queued is kept, the rest waits.
		const queued = await queueDueReminders(now, () => ++asked > 50);
		expect(answeredMeanwhile).toBe(true);
		expect(queued).toBe(50);
		expect(await queueDueReminders(now)).toBe(booked.length - 50);
	});
});

function addMinutes(instant: Date, count: number): Date {
	return new Date(instant.getTime() + minutes(count));
}

/** A driver that answers as scripted and remembers what it was asked to send. */
function scriptedDriver(outcomes: SendOutcome[]): MessageDriver & { sent: number[] } {
	const sent: number[] = [];
	return {
		name: 'scripted',
		sent,
		send: async (message) => {
			sent.push(message.id);
			return outcomes.shift() ?? { ok: true, providerId: 'p-1' };
		}
	};
}

describe('the worker', () => {
	it('sends what is due and marks it sent', async () => {
		const { appointment } = await booked();
		expect(await sendDueMessages(localDriver, () => now)).toBe(1);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('tries a failed message again later, with growing gaps, until it goes', async () => {
		const { appointment } = await booked();
		const driver = scriptedDriver([
			{ ok: false, retry: true, error: 'notify-500' },
			{ ok: false, retry: true, error: 'network' }
		]);
		let clock = now;
		expect(await sendDueMessages(driver, () => clock)).toBe(0);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({
			status: 'queued',
			attempts: 1,
			lastError: 'notify-500',
			nextAttemptAt: addMinutes(now, 0.5)
		});
		// Not due yet: nothing is sent early.
		expect(await sendDueMessages(driver, () => addMinutes(now, 0.4))).toBe(0);
		expect(driver.sent).toHaveLength(1);

		clock = addMinutes(now, 0.5);
		expect(await sendDueMessages(driver, () => clock)).toBe(0);
		expect((await messagesAbout(appointment.id))[0]!.nextAttemptAt).toEqual(addMinutes(clock, 1));

		clock = addMinutes(clock, 1);
		expect(await sendDueMessages(driver, () => clock)).toBe(1);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({
			status: 'sent',
			attempts: 3,
			providerId: 'p-1',
			lastError: null
		});
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('keeps a message the driver refuses for good as failed, and can send it again', async () => {
		const { appointment } = await booked();
		const driver = scriptedDriver([{ ok: false, retry: false, error: 'notify-400' }]);
		await sendDueMessages(driver, () => now);
		const [message] = await messagesAbout(appointment.id);
		expect(message).toMatchObject({ status: 'failed', lastError: 'notify-400' });

		expect(await sendAgain(message!.id, now)).toBe(true);
		expect(await sendDueMessages(driver, () => now)).toBe(1);
		expect((await messagesAbout(appointment.id))[0]!.status).toBe('sent');
	});

	// Hazard H-005: a message that never arrives, or in the wrong language.
	it('gives up after the last attempt, keeping the message', async () => {
		const { appointment } = await booked();
		const failing = scriptedDriver(
			Array.from({ length: maxAttempts }, () => ({ ok: false, retry: true, error: 'network' }))
		);
		let clock = now;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			await sendDueMessages(failing, () => clock);
			clock = addMinutes(clock, retryDelay(attempt) / minutes(1));
		}
		expect(failing.sent).toHaveLength(maxAttempts);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({
			status: 'failed',
			attempts: maxAttempts
		});
		expect(retryDelay(maxAttempts)).toBe(minutes(60));
	});
});

// Issue 26: several app instances send from one outbox, and none sends a message another sent.
describe('the worker in several instances', () => {
	it('lets only one of two instances that read the same message take it', async () => {
		const { appointment } = await booked();
		const [read] = await messagesAbout(appointment.id);
		const leased = addMinutes(now, 5);
		const taken = await Promise.all([claim(read!, now, leased), claim(read!, now, leased)]);
		expect(taken.sort()).toEqual([false, true]);
		expect((await messagesAbout(appointment.id))[0]).toMatchObject({
			attempts: 1,
			nextAttemptAt: leased
		});
		// Nor one whose clock runs ahead, to whom the lease has already run out.
		expect(await claim(read!, addMinutes(now, 10), addMinutes(now, 15))).toBe(false);
	});

	it('sends each of many messages exactly once when two instances send at the same time', async () => {
		const queued: number[] = [];
		for (let n = 0; n < 45; n++) {
			queued.push((await messagesAbout((await booked()).appointment.id))[0]!.id);
		}
		const sent: number[] = [];
		// A real driver waits on the network, and the other instance's round goes on meanwhile.
		const driver: MessageDriver = {
			name: 'counting',
			send: async (message) => {
				sent.push(message.id);
				await new Promise((resolve) => setTimeout(resolve, 1));
				return { ok: true, providerId: `p-${message.id}` };
			}
		};
		// As startMessageWorker's round does: batches until one sends nothing.
		const instance = async () => {
			let total = 0;
			for (let round; (round = await sendDueMessages(driver, () => now)) > 0;) total += round;
			return total;
		};
		const [first, second] = await Promise.all([instance(), instance()]);

		expect(sent.toSorted((a, b) => a - b)).toEqual(queued);
		expect(first + second).toBe(queued.length);
		// Each instance did part of the work: they did run side by side.
		expect(first).toBeGreaterThan(0);
		expect(second).toBeGreaterThan(0);
		const statuses = await db.select({ status: outbox.status }).from(outbox);
		expect(statuses.filter((row) => row.status === 'queued')).toEqual([]);
	});
});

describe('stopping the worker', () => {
	it('waits for the message being sent, and starts no other', async () => {
		await booked();
		await booked();
		const sending: number[] = [];
		let answer = () => {};
		const slowDriver: MessageDriver = {
			name: 'slow',
			send: (message) => {
				sending.push(message.id);
				return new Promise((resolve) => (answer = () => resolve({ ok: true, providerId: 'p-9' })));
			}
		};
		const stop = startMessageWorker(slowDriver);
		await vi.waitFor(() => expect(sending).toHaveLength(1));

		let stopped = false;
		const stopping = stop().then(() => (stopped = true));
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(stopped).toBe(false);
		answer();
		await stopping;

		expect(sending).toHaveLength(1);
		expect((await db.select().from(outbox).where(eq(outbox.id, sending[0]!)))[0]).toMatchObject({
			status: 'sent',
			providerId: 'p-9'
		});
		// The other is left queued for the next start, not leased.
		const queued = await db.select().from(outbox).where(eq(outbox.status, 'queued'));
		expect(queued).toMatchObject([{ attempts: 0 }]);
	});
});

describe('the GOV.UK Notify driver', () => {
	let notify: FakeNotify;
	beforeAll(async () => {
		notify = await startFakeNotify();
	});
	afterAll(() => notify.close());

	const settings = () => ({
		apiKey: notify.apiKey,
		baseUrl: notify.url,
		emailTemplateId: 'email-template',
		smsTemplateId: 'sms-template'
	});

	it('sends email and SMS through the official client, signed with the API key', async () => {
		const email = (await booked()).appointment;
		const address = `ola${patients}@example.org`;
		const sms = (await booked(await aPatient('Nia', { mobile: '+447700900321' }))).appointment;
		expect(await sendDueMessages(notifyDriver(settings()), () => now)).toBe(2);

		const [emailMessage] = await messagesAbout(email.id);
		const [smsMessage] = await messagesAbout(sms.id);
		expect(notify.received.map((request) => request.path)).toEqual([
			'/v2/notifications/email',
			'/v2/notifications/sms'
		]);
		expect(notify.received[0]!.body).toEqual({
			template_id: 'email-template',
			email_address: address,
			personalisation: { subject: emailMessage!.subject, body: emailMessage!.body },
			reference: `outbox-${emailMessage!.id}`
		});
		expect(notify.received[1]!.body).toEqual({
			template_id: 'sms-template',
			phone_number: '+447700900321',
			personalisation: { body: smsMessage!.body },
			reference: `outbox-${smsMessage!.id}`
		});
		expect(emailMessage!.providerId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('posts letters to the address lines, postcode last, into the letter template', async () => {
		const letter = {
			id: 4242,
			channel: 'letter' as const,
			recipient: 'Letty Post\n1 Street\nEastmere\nE20 1AA',
			subject: 'Heading',
			body: 'Words'
		};
		const before = notify.received.length;
		const sent = await notifyDriver({ ...settings(), letterTemplateId: 'letter-template' }).send(
			letter
		);
		expect(sent.ok).toBe(true);
		expect(notify.received.slice(before).map((request) => request.body)).toEqual([
			{
				template_id: 'letter-template',
				personalisation: {
					address_line_1: 'Letty Post',
					address_line_2: '1 Street',
					address_line_3: 'Eastmere',
					address_line_4: 'E20 1AA',
					subject: 'Heading',
					body: 'Words'
				},
				reference: 'outbox-4242'
			}
		]);
		// Without a letter template, trying again cannot help: kept as failed, to be seen.
		expect(await notifyDriver(settings()).send(letter)).toEqual({
			ok: false,
			retry: false,
			error: 'MissingTemplate'
		});
		expect(notify.received.length).toBe(before + 1);
	});

	it('retries when Notify fails or is busy, and stops when it refuses', async () => {
		const driver = notifyDriver(settings());
		const message = { id: 1, channel: 'sms' as const, recipient: '+447700900321', subject: null };
		notify.answers.push(500, 429, 400);
		expect(await driver.send({ ...message, body: 'a' })).toEqual({
			ok: false,
			retry: true,
			error: 'notify-500'
		});
		expect(await driver.send({ ...message, body: 'b' })).toMatchObject({ retry: true });
		expect(await driver.send({ ...message, body: 'c' })).toMatchObject({ retry: false });
	});

	it('does not retry with a key Notify does not accept', async () => {
		const driver = notifyDriver({
			...settings(),
			apiKey: `wrong-${crypto.randomUUID()}-${crypto.randomUUID()}`
		});
		const outcome = await driver.send({
			id: 2,
			channel: 'email',
			recipient: 'ola@example.org',
			subject: 's',
			body: 'b'
		});
		expect(outcome).toEqual({ ok: false, retry: false, error: 'notify-403' });
	});

	it('retries when nobody answers', async () => {
		const driver = notifyDriver({ ...settings(), baseUrl: 'http://127.0.0.1:9' });
		const outcome = await driver.send({
			id: 3,
			channel: 'email',
			recipient: 'ola@example.org',
			subject: 's',
			body: 'b'
		});
		expect(outcome).toMatchObject({ ok: false, retry: true });
	});
});

describe('the demo’s letterbox', () => {
	it('keeps the words delivered for ten minutes, in memory only, then forgets them', async () => {
		let clock = now.getTime();
		const letterbox = createLetterbox(() => clock);
		const sent = { id: 1, channel: 'sms' as const, recipient: '+447700900999', subject: null };
		expect(await letterbox.driver.send({ ...sent, body: 'Your code is 123456' })).toEqual({
			ok: true,
			providerId: null
		});
		expect(letterbox.delivered(1)).toBe('Your code is 123456');
		expect(letterbox.delivered(2)).toBeNull();
		clock += minutes(10);
		expect(letterbox.delivered(1)).toBeNull();
		// Never more than a couple of hundred at once, the oldest forgotten first.
		for (let id = 1; id <= 250; id++) await letterbox.driver.send({ ...sent, id, body: `${id}` });
		expect(letterbox.delivered(1)).toBeNull();
		expect(letterbox.delivered(250)).toBe('250');
	});
});
