import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import notifications from 'notifications-node-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeNotify, type FakeNotify } from '../../../../tests/fake-notify';
import { bookSlot } from '../appointments/booking';
import { database, tables } from '../db';
import { aFreeSlot, aService, aTexter } from '../test-data';
import { pollReceivedTexts, readCallback } from './notify';

// Replies reach us: texts about appointments ask what to do.
vi.hoisted(() => {
	process.env.NOTIFY_RECEIVED_TEXT_TOKEN = 'a-token-for-tests';
});

const db = database();
let notify: FakeNotify;
let client: InstanceType<typeof notifications.NotifyClient>;
beforeAll(async () => {
	notify = await startFakeNotify();
	client = new notifications.NotifyClient(notify.url, notify.apiKey);
});
afterAll(() => notify.close());

const { location, service } = await aService();
let nextHour = 48;
async function bookedFor(mobile: string) {
	const context = await aTexter(`P${mobile.slice(-4)}`, mobile);
	const slot = await aFreeSlot(
		{ service, location },
		new Date(Date.now() + (nextHour += 1) * 60 * 60_000)
	);
	const booked = await bookSlot(context, { slotId: slot.id, needs: {} });
	if (!booked.ok) throw new Error(booked.reason);
	return booked.appointment;
}
const statusOf = async (id: number) =>
	(await db.select().from(tables.appointments).where(eq(tables.appointments.id, id)))[0]!.status;

/** A text as Notify lists it, sent `minutesAgo`. */
function sent(from: string, content: string, minutesAgo: number) {
	const text = {
		id: randomUUID(),
		user_number: from.slice(1),
		notify_number: '07797800000',
		content,
		created_at: new Date(Date.now() - minutesAgo * 60_000).toISOString()
	};
	notify.textsReceived.push(text);
	return text;
}

describe('polling Notify for received texts', () => {
	it('processes what came since it last looked, oldest first, and resumes where it stopped', async () => {
		const appointment = await bookedFor('+447700800001');
		// A day and more ago (before replies were polled): seen, never answered.
		sent('+447700800001', '2', 60 * 25);
		// Asked for other times, then chose none of them but cancelled: in the order sent.
		sent('+447700800001', '3', 3);
		sent('+447700800001', 'cancel', 2);
		expect(await pollReceivedTexts(client)).toBe(2);
		expect(await statusOf(appointment.id)).toBe('cancelled');

		// Nothing new: nothing done, however often it asks.
		expect(await pollReceivedTexts(client)).toBe(0);

		const another = await bookedFor('+447700800002');
		sent('+447700800002', '2', 1);
		expect(await pollReceivedTexts(client)).toBe(1);
		expect(await statusOf(another.id)).toBe('cancelled');
	});

	it('reads back through pages to the text it stopped at', async () => {
		const appointment = await bookedFor('+447700800003');
		sent('+447700800003', '3', 5);
		for (let n = 0; n < 300; n++) sent('+447700900000', 'hello', 4);
		sent('+447700800003', 'cancel', 1);
		expect(await pollReceivedTexts(client)).toBe(302);
		expect(await statusOf(appointment.id)).toBe('cancelled');
		// An automatic reply on the other side gets its allowance of answers, then no more.
		const answers = await db
			.select()
			.from(tables.outbox)
			.where(eq(tables.outbox.recipient, '+447700900000'));
		expect(answers).toHaveLength(10);
	});

	// PostgreSQL's text cannot hold NUL: without the check, the round fails there (../nul.ts).
	it('passes over a listed text whose id or number holds a NUL character, and goes on', async () => {
		const appointment = await bookedFor('+447700800004');
		sent('+447700800004', '3', 3);
		for (const changes of [{ id: `${randomUUID()}\u0000` }, { user_number: '447700800004\u0000' }])
			Object.assign(sent('+447700800004', '2', 2), changes);
		sent('+447700800004', 'cancel', 1);
		expect(await pollReceivedTexts(client)).toBe(2);
		expect(await statusOf(appointment.id)).toBe('cancelled');
	});
});

describe("the received-text callback's body", () => {
	const valid = {
		id: randomUUID(),
		source_number: '447700900123',
		destination_number: '07797800000',
		message: '1',
		date_received: '2026-12-06T16:00:00.000000'
	};

	it('is read as Notify sends it, its date in UTC', () => {
		expect(readCallback(valid)).toEqual({
			notifyId: valid.id,
			from: '447700900123',
			body: '1',
			receivedAt: new Date('2026-12-06T16:00:00Z')
		});
	});

	it('is refused when a field is missing, of the wrong type, or far too long', () => {
		for (const body of [
			null,
			'text',
			{},
			{ ...valid, id: 7 },
			{ ...valid, message: ['1'] },
			{ ...valid, source_number: undefined },
			{ ...valid, id: 'x'.repeat(101) },
			{ ...valid, message: 'x'.repeat(10_001) },
			// PostgreSQL's text cannot hold NUL, and Notify never sends it (../nul.ts).
			{ ...valid, id: `${valid.id}\u0000` },
			{ ...valid, source_number: '447700900123\u0000' },
			{ ...valid, date_received: '2026-12-06T16:00:00\u0000' }
		]) {
			expect(readCallback(body)).toBeNull();
		}
	});

	it("reads a person's words whatever they hold: NUL is dropped only where they are kept", () => {
		expect(readCallback({ ...valid, message: '1\u0000' })?.body).toBe('1\u0000');
	});
});
