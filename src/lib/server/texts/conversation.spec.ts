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
const { location, service } = aService();

let nextHour = 48;
const aSlot = (at = (nextHour += 1)) =>
	aFreeSlot({ service, location }, new Date(now.getTime() + hours(at)));

let nextNumber = 100000;
/** A patient who signs in with a mobile number and prefers texts, in their language. */
function aTexterWithNumber(name: string, language = 'en') {
	const mobile = `+447700${nextNumber++}`;
	return { context: aTexter(name, mobile, language), mobile };
}

function book(context: ActingContext, slot = aSlot()) {
	const booked = bookSlot(context, { slotId: slot.id, needs: {} }, now);
	if (!booked.ok) throw new Error(booked.reason);
	return booked.appointment;
}

let nextId = 0;
const reply = (from: string, body: string, at = new Date(now.getTime() + 60_000)) =>
	receiveText({ notifyId: `notify-${++nextId}`, from, body, receivedAt: at }, at);

const appointment = (id: number) =>
	db.select().from(tables.appointments).where(eq(tables.appointments.id, id)).get()!;
const textsTo = (mobile: string) =>
	db.select().from(tables.outbox).where(eq(tables.outbox.recipient, mobile)).all();
const activityOf = (patientId: number) =>
	db
		.select()
		.from(tables.activityLog)
		.where(eq(tables.activityLog.subjectPatientId, patientId))
		.all();

describe('replying to a text about an appointment', () => {
	let grace: ReturnType<typeof aTexterWithNumber>;
	beforeEach(() => {
		grace = aTexterWithNumber('Grace');
	});

	it('asks, in the confirmation text, and records the question for her number', () => {
		const booked = book(grace.context);
		const [confirmation] = textsTo(grace.mobile);
		expect(confirmation).toMatchObject({ kind: 'appointment.booked', channel: 'sms' });
		const question = db
			.select()
			.from(tables.textQuestions)
			.where(eq(tables.textQuestions.appointmentId, booked.id))
			.get();
		expect(question).toMatchObject({ kind: 'appointment', phone: grace.mobile });
	});

	it('"2" cancels it through the same rule as the web, logged as done by text', () => {
		const booked = book(grace.context);
		expect(reply(grace.mobile, ' 2. ')).toBe('cancelled');
		expect(appointment(booked.id).status).toBe('cancelled');
		const cancelled = activityOf(grace.context.subject!.patientId).find(
			(row) => row.action === 'appointment.cancelled'
		);
		expect(cancelled).toMatchObject({ via: 'self', channel: 'text' });
		expect(textsTo(grace.mobile).map((text) => text.kind)).toContain('appointment.cancelled');
	});

	it('processes a text once, however often Notify sends it', () => {
		const booked = book(grace.context);
		const text = { notifyId: 'the-same-text', from: grace.mobile, body: '1', receivedAt: now };
		expect(receiveText(text, now)).toBe('kept');
		const texts = textsTo(grace.mobile).length;
		expect(receiveText(text, now)).toBe('duplicate');
		expect(textsTo(grace.mobile)).toHaveLength(texts);
		expect(appointment(booked.id).confirmedAt).not.toBeNull();
	});

	it('"3" offers other free times, and a number moves it to the one chosen', () => {
		const booked = book(grace.context);
		const first = aSlot();
		const second = aSlot();
		expect(reply(grace.mobile, '3')).toBe('times_offered');
		const offered = textsTo(grace.mobile).find((text) => text.kind === 'text.times');
		expect(offered).toBeDefined();
		expect(reply(grace.mobile, '2')).toBe('moved');
		const moved = appointment(booked.id);
		expect(moved.status).toBe('booked');
		const offeredIds = db
			.select()
			.from(tables.textQuestions)
			.where(
				and(
					eq(tables.textQuestions.appointmentId, booked.id),
					eq(tables.textQuestions.kind, 'times')
				)
			)
			.get()!.offeredSlotIds!;
		expect(offeredIds).toContain(first.id);
		expect(moved.slotId).toBe(offeredIds[1]);
		expect([first.id, second.id]).toContain(moved.slotId);
		expect(
			activityOf(grace.context.subject!.patientId).find(
				(row) => row.action === 'appointment.rescheduled'
			)
		).toMatchObject({ channel: 'text' });
	});

	it('"4" puts a request to call her in the service\'s queue, marked as asked by text', () => {
		const booked = book(grace.context);
		expect(reply(grace.mobile, '4')).toBe('call_asked');
		const request = db
			.select()
			.from(tables.contactRequests)
			.where(eq(tables.contactRequests.askedByTextAbout, booked.id))
			.get();
		expect(request).toMatchObject({ serviceId: service.id, reachBy: 'phone', status: 'received' });
		expect(appointment(booked.id).status).toBe('booked');
	});

	it("reads Arabic-Indic digits in an Arabic speaker's reply", () => {
		const amal = aTexterWithNumber('Amal', 'ar');
		const booked = book(amal.context);
		expect(reply(amal.mobile, '٢')).toBe('cancelled');
		expect(appointment(booked.id).status).toBe('cancelled');
		// Notify cannot send Arabic script by text: her texts are in English (queue.ts).
		expect(textsTo(amal.mobile).every((text) => text.language === 'en')).toBe(true);
	});

	it('is too late to cancel by text inside the cut-off: it says to phone, and changes nothing', () => {
		const soon = book(grace.context, aSlot(1));
		expect(reply(grace.mobile, '2')).toBe('too_late');
		expect(appointment(soon.id).status).toBe('booked');
		expect(textsTo(grace.mobile).map((text) => text.kind)).toContain('text.too_late');
	});

	// Hazard H-016: a text reply acting on the wrong appointment.
	it('answers anything it cannot read with the choices, and changes nothing', () => {
		const booked = book(grace.context);
		expect(reply(grace.mobile, 'what time is it at?')).toBe('not_understood');
		expect(reply(grace.mobile, '\u0000'.repeat(20) + 'x'.repeat(10_000))).toBe('not_understood');
		expect(appointment(booked.id)).toMatchObject({ status: 'booked', confirmedAt: null });
	});

	it('changes nothing after the question has run out', () => {
		const booked = book(grace.context);
		const aWeekOn = new Date(now.getTime() + hours(24 * 8));
		expect(reply(grace.mobile, '2', aWeekOn)).toBe('no_question');
		expect(appointment(booked.id).status).toBe('booked');
	});

	it('answers a number it never asked anything with help, acting on nothing', () => {
		expect(reply('+447700999999', '2')).toBe('no_question');
		expect(textsTo('+447700999999').map((text) => text.kind)).toEqual(['text.help']);
		// Not a UK mobile number: nothing can be sent back.
		expect(reply('not a number', '2')).toBe('no_question');
		expect(textsTo('not a number')).toEqual([]);
	});

	it('STOP stops texts to the number, START starts them again', () => {
		expect(reply(grace.mobile, 'STOP')).toBe('stopped');
		const optedOut = () =>
			db.select().from(tables.textOptOuts).where(eq(tables.textOptOuts.phone, grace.mobile)).get();
		expect(optedOut()).toBeDefined();
		expect(reply(grace.mobile, 'start')).toBe('started');
		expect(optedOut()).toBeUndefined();
	});

	it('after STOP, what would go by text goes by email instead; after START, by text again', () => {
		const mobile = `+447700${nextNumber++}`;
		const ruth = aPatient('Ruth', { mobile, email: 'ruth-texts@example.org', language: 'en' });
		reachBy(ruth, 'sms');
		reply(mobile, 'Stop');
		book(ruth);
		const confirmations = () =>
			db
				.select({ channel: tables.outbox.channel })
				.from(tables.outbox)
				.where(
					and(
						eq(tables.outbox.patientId, ruth.subject!.patientId),
						eq(tables.outbox.kind, 'appointment.booked')
					)
				)
				.all()
				.map((row) => row.channel);
		expect(confirmations()).toEqual(['email']);
		reply(mobile, 'START');
		book(ruth);
		expect(confirmations()).toEqual(['email', 'sms']);
	});

	it('forgets what was written once the question is over', () => {
		const booked = book(grace.context);
		reply(grace.mobile, 'Running late, is that ok? 1');
		const kept = () =>
			db
				.select({ body: tables.receivedTexts.body })
				.from(tables.receivedTexts)
				.innerJoin(
					tables.textQuestions,
					eq(tables.receivedTexts.questionId, tables.textQuestions.id)
				)
				.where(eq(tables.textQuestions.appointmentId, booked.id))
				.all();
		expect(kept()[0]!.body).toContain('Running late');
		forgetAnsweredTexts(new Date(now.getTime() + hours(24 * 30)));
		expect(kept()[0]!.body).toBeNull();
	});
});

describe('a carer who receives the texts', () => {
	function carerFor(name: string, permissions: Parameters<typeof aProxyFor>[2]) {
		const patient = aPatient(name);
		reachBy(patient, 'carer');
		const carer = aProxyFor(patient, `${name}Carer`, permissions, ['general']);
		const mobile = `+447700${nextNumber++}`;
		db.update(tables.users)
			.set({ mobile, email: null })
			.where(eq(tables.users.id, carer.own.actor!.userId))
			.run();
		return { patient, carer, mobile };
	}

	it('acts within what they may do, logged as them, by text', () => {
		const { patient, carer, mobile } = carerFor('Maureen', [
			'appointments.view',
			'appointments.manage'
		]);
		const booked = book(patient);
		expect(textsTo(mobile).map((text) => text.kind)).toEqual(['appointment.booked']);
		expect(reply(mobile, '2')).toBe('cancelled');
		expect(appointment(booked.id).status).toBe('cancelled');
		const row = activityOf(patient.subject!.patientId).find(
			(entry) => entry.action === 'appointment.cancelled'
		);
		expect(row).toMatchObject({
			via: 'proxy',
			channel: 'text',
			actorUserId: carer.own.actor!.userId
		});
	});

	it('cannot cancel when they may only see appointments', () => {
		const { patient, mobile } = carerFor('Ivy', ['appointments.view']);
		const booked = book(patient);
		expect(reply(mobile, '2')).toBe('not_permitted');
		expect(appointment(booked.id).status).toBe('booked');
	});
});
