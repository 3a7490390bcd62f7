import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActingContext } from '../access/policy';
import { bookSlot } from '../appointments/booking';
import { database, tables } from '../db';
import { aFreeSlot, aPatient, aProxyFor, aService, aTexter, reachBy } from '../test-data';
import { forgetAnsweredTexts, receiveText } from './conversation';

// Replies reach us (Notify's callback is set up): texts about appointments ask what to do.
vi.hoisted(() => {
	process.env.NOTIFY_RECEIVED_TEXT_TOKEN = 'a-token-for-tests';
});

const db = database();
const now = new Date('2026-11-23T09:00:00Z');
const hours = (n: number) => n * 60 * 60 * 1000;
const { location, service } = await aService();

let nextHour = 48;
const aSlot = async (at = (nextHour += 1)) =>
	await aFreeSlot({ service, location }, new Date(now.getTime() + hours(at)));

let nextNumber = 100000;
/** A patient who signs in with a mobile number and prefers texts, in their language. */
async function aTexterWithNumber(name: string, language = 'en') {
	const mobile = `+447700${nextNumber++}`;
	return { context: await aTexter(name, mobile, language), mobile };
}

async function book(context: ActingContext, given?: { id: number }) {
	const slot = given ?? (await aSlot());
	const booked = await bookSlot(context, { slotId: slot.id, needs: {} }, now);
	if (!booked.ok) throw new Error(booked.reason);
	return booked.appointment;
}

let nextId = 0;
const reply = async (from: string, body: string, at = new Date(now.getTime() + 60_000)) =>
	await receiveText({ notifyId: `notify-${++nextId}`, from, body, receivedAt: at }, at);

const appointment = async (id: number) =>
	(await db.select().from(tables.appointments).where(eq(tables.appointments.id, id)))[0]!;
const textsTo = async (mobile: string) =>
	await db.select().from(tables.outbox).where(eq(tables.outbox.recipient, mobile));
const activityOf = async (patientId: number) =>
	await db
		.select()
		.from(tables.activityLog)
		.where(eq(tables.activityLog.subjectPatientId, patientId));

describe('replying to a text about an appointment', () => {
	let grace: Awaited<ReturnType<typeof aTexterWithNumber>>;
	beforeEach(async () => {
		grace = await aTexterWithNumber('Grace');
	});

	it('asks, in the confirmation text, and records the question for her number', async () => {
		const booked = await book(grace.context);
		const [confirmation] = await textsTo(grace.mobile);
		expect(confirmation).toMatchObject({ kind: 'appointment.booked', channel: 'sms' });
		const question = (
			await db
				.select()
				.from(tables.textQuestions)
				.where(eq(tables.textQuestions.appointmentId, booked.id))
		)[0];
		expect(question).toMatchObject({ kind: 'appointment', phone: grace.mobile });
	});

	it('"2" cancels it through the same rule as the web, logged as done by text', async () => {
		const booked = await book(grace.context);
		expect(await reply(grace.mobile, ' 2. ')).toBe('cancelled');
		expect((await appointment(booked.id)).status).toBe('cancelled');
		const cancelled = (await activityOf(grace.context.subject!.patientId)).find(
			(row) => row.action === 'appointment.cancelled'
		);
		expect(cancelled).toMatchObject({ via: 'self', channel: 'text' });
		expect((await textsTo(grace.mobile)).map((text) => text.kind)).toContain(
			'appointment.cancelled'
		);
	});

	it('processes a text once, however often Notify sends it', async () => {
		const booked = await book(grace.context);
		const text = { notifyId: 'the-same-text', from: grace.mobile, body: '1', receivedAt: now };
		expect(await receiveText(text, now)).toBe('kept');
		const texts = (await textsTo(grace.mobile)).length;
		expect(await receiveText(text, now)).toBe('duplicate');
		expect(await textsTo(grace.mobile)).toHaveLength(texts);
		expect((await appointment(booked.id)).confirmedAt).not.toBeNull();
	});

	// Issue 26: Notify tries a callback again, and two instances may both see one text (a callback
	// and a poll, or two polls); they are acted on once, whichever instance is first.
	it('acts once on a text delivered twice at the same moment', async () => {
		const booked = await book(grace.context);
		const before = (await textsTo(grace.mobile)).length;
		const text = { notifyId: 'delivered-twice', from: grace.mobile, body: '1', receivedAt: now };
		const outcomes = await Promise.all([receiveText(text, now), receiveText(text, now)]);
		expect(outcomes.sort()).toEqual(['duplicate', 'kept']);
		const answers = (await textsTo(grace.mobile)).slice(before).map((each) => each.kind);
		expect(answers).toEqual(['text.kept']);
		expect((await appointment(booked.id)).confirmedAt).not.toBeNull();
		const confirmations = (await activityOf(grace.context.subject!.patientId)).filter(
			(row) => row.action === 'appointment.confirmed'
		);
		expect(confirmations).toHaveLength(1);
		const recorded = await db
			.select()
			.from(tables.receivedTexts)
			.where(eq(tables.receivedTexts.notifyId, 'delivered-twice'));
		expect(recorded).toHaveLength(1);
	});

	it('answers a help text once when it is delivered twice at the same moment', async () => {
		await book(grace.context);
		const before = (await textsTo(grace.mobile)).length;
		const text = { notifyId: 'help-twice', from: grace.mobile, body: 'what?', receivedAt: now };
		const outcomes = await Promise.all([receiveText(text, now), receiveText(text, now)]);
		expect(outcomes.sort()).toEqual(['duplicate', 'not_understood']);
		expect((await textsTo(grace.mobile)).slice(before).map((each) => each.kind)).toEqual([
			'text.help'
		]);
	});

	it('"3" offers other free times, and a number moves it to the one chosen', async () => {
		const booked = await book(grace.context);
		const first = await aSlot();
		const second = await aSlot();
		expect(await reply(grace.mobile, '3')).toBe('times_offered');
		const offered = (await textsTo(grace.mobile)).find((text) => text.kind === 'text.times');
		expect(offered).toBeDefined();
		expect(await reply(grace.mobile, '2')).toBe('moved');
		const moved = await appointment(booked.id);
		expect(moved.status).toBe('booked');
		const offeredIds = (
			await db
				.select()
				.from(tables.textQuestions)
				.where(
					and(
						eq(tables.textQuestions.appointmentId, booked.id),
						eq(tables.textQuestions.kind, 'times')
					)
				)
		)[0]!.offeredSlotIds!;
		expect(offeredIds).toContain(first.id);
		expect(moved.slotId).toBe(offeredIds[1]);
		expect([first.id, second.id]).toContain(moved.slotId);
		expect(
			(await activityOf(grace.context.subject!.patientId)).find(
				(row) => row.action === 'appointment.rescheduled'
			)
		).toMatchObject({ channel: 'text' });
	});

	it('"4" puts a request to call her in the service\'s queue, marked as asked by text', async () => {
		const booked = await book(grace.context);
		expect(await reply(grace.mobile, '4')).toBe('call_asked');
		const request = (
			await db
				.select()
				.from(tables.contactRequests)
				.where(eq(tables.contactRequests.askedByTextAbout, booked.id))
		)[0];
		expect(request).toMatchObject({ serviceId: service.id, reachBy: 'phone', status: 'received' });
		expect((await appointment(booked.id)).status).toBe('booked');
	});

	it("reads Arabic-Indic digits in an Arabic speaker's reply", async () => {
		const amal = await aTexterWithNumber('Amal', 'ar');
		const booked = await book(amal.context);
		expect(await reply(amal.mobile, '٢')).toBe('cancelled');
		expect((await appointment(booked.id)).status).toBe('cancelled');
		// Notify cannot send Arabic script by text: her texts are in English (queue.ts).
		expect((await textsTo(amal.mobile)).every((text) => text.language === 'en')).toBe(true);
	});

	it('is too late to cancel by text inside the cut-off: it says to phone, and changes nothing', async () => {
		const soon = await book(grace.context, await aSlot(1));
		expect(await reply(grace.mobile, '2')).toBe('too_late');
		expect((await appointment(soon.id)).status).toBe('booked');
		expect((await textsTo(grace.mobile)).map((text) => text.kind)).toContain('text.too_late');
	});

	// Hazard H-016: a text reply acting on the wrong appointment.
	it('answers anything it cannot read with the choices, and changes nothing', async () => {
		const booked = await book(grace.context);
		expect(await reply(grace.mobile, 'what time is it at?')).toBe('not_understood');
		expect(await reply(grace.mobile, '\u0000'.repeat(20) + 'x'.repeat(10_000))).toBe(
			'not_understood'
		);
		expect(await appointment(booked.id)).toMatchObject({ status: 'booked', confirmedAt: null });
	});

	it('changes nothing after the question has run out', async () => {
		const booked = await book(grace.context);
		const aWeekOn = new Date(now.getTime() + hours(24 * 8));
		expect(await reply(grace.mobile, '2', aWeekOn)).toBe('no_question');
		expect((await appointment(booked.id)).status).toBe('booked');
	});

	it('answers a number it never asked anything with help, acting on nothing', async () => {
		expect(await reply('+447700999999', '2')).toBe('no_question');
		expect((await textsTo('+447700999999')).map((text) => text.kind)).toEqual(['text.help']);
		// Not a UK mobile number: nothing can be sent back.
		expect(await reply('not a number', '2')).toBe('no_question');
		expect(await textsTo('not a number')).toEqual([]);
	});

	it('STOP stops texts to the number, START starts them again', async () => {
		expect(await reply(grace.mobile, 'STOP')).toBe('stopped');
		const optedOut = async () =>
			(
				await db.select().from(tables.textOptOuts).where(eq(tables.textOptOuts.phone, grace.mobile))
			)[0];
		expect(await optedOut()).toBeDefined();
		expect(await reply(grace.mobile, 'start')).toBe('started');
		expect(await optedOut()).toBeUndefined();
	});

	it('after STOP, what would go by text goes by email instead; after START, by text again', async () => {
		const mobile = `+447700${nextNumber++}`;
		const ruth = await aPatient('Ruth', {
			mobile,
			email: 'ruth-texts@example.org',
			language: 'en'
		});
		await reachBy(ruth, 'sms');
		await reply(mobile, 'Stop');
		await book(ruth);
		const confirmations = async () =>
			(
				await db
					.select({ channel: tables.outbox.channel })
					.from(tables.outbox)
					.where(
						and(
							eq(tables.outbox.patientId, ruth.subject!.patientId),
							eq(tables.outbox.kind, 'appointment.booked')
						)
					)
			).map((row) => row.channel);
		expect(await confirmations()).toEqual(['email']);
		await reply(mobile, 'START');
		await book(ruth);
		expect(await confirmations()).toEqual(['email', 'sms']);
	});

	it('forgets what was written once the question is over', async () => {
		const booked = await book(grace.context);
		await reply(grace.mobile, 'Running late, is that ok? 1');
		const kept = async () =>
			await db
				.select({ body: tables.receivedTexts.body })
				.from(tables.receivedTexts)
				.innerJoin(
					tables.textQuestions,
					eq(tables.receivedTexts.questionId, tables.textQuestions.id)
				)
				.where(eq(tables.textQuestions.appointmentId, booked.id));
		expect((await kept())[0]!.body).toContain('Running late');
		await forgetAnsweredTexts(new Date(now.getTime() + hours(24 * 30)));
		expect((await kept())[0]!.body).toBeNull();
	});
});

describe('a carer who receives the texts', () => {
	async function carerFor(name: string, permissions: Parameters<typeof aProxyFor>[2]) {
		const patient = await aPatient(name);
		await reachBy(patient, 'carer');
		const carer = await aProxyFor(patient, `${name}Carer`, permissions, ['general']);
		const mobile = `+447700${nextNumber++}`;
		await db
			.update(tables.users)
			.set({ mobile, email: null })
			.where(eq(tables.users.id, carer.own.actor!.userId));
		return { patient, carer, mobile };
	}

	it('acts within what they may do, logged as them, by text', async () => {
		const { patient, carer, mobile } = await carerFor('Maureen', [
			'appointments.view',
			'appointments.manage'
		]);
		const booked = await book(patient);
		expect((await textsTo(mobile)).map((text) => text.kind)).toEqual(['appointment.booked']);
		expect(await reply(mobile, '2')).toBe('cancelled');
		expect((await appointment(booked.id)).status).toBe('cancelled');
		const row = (await activityOf(patient.subject!.patientId)).find(
			(entry) => entry.action === 'appointment.cancelled'
		);
		expect(row).toMatchObject({
			via: 'proxy',
			channel: 'text',
			actorUserId: carer.own.actor!.userId
		});
	});

	it('cannot cancel when they may only see appointments', async () => {
		const { patient, mobile } = await carerFor('Ivy', ['appointments.view']);
		const booked = await book(patient);
		expect(await reply(mobile, '2')).toBe('not_permitted');
		expect((await appointment(booked.id)).status).toBe('booked');
	});
});
