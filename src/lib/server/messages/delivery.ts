// Whether a message arrived, as GOV.UK Notify tells it: through its delivery-receipt callback
// (routes/notify/delivery-receipts) or, without one, by the worker asking Notify about each sent
// text (checkDeliveries). Either way one function records it. Notify's last word on a message is
// final, so the first final status recorded is kept: a receipt sent twice, or any later one,
// changes nothing.
//
// A text about a patient that did not arrive is told again the next way they can be reached
// (email, then letter, then their carer; never a text), written for its new recipient from what
// the message told (rewrite.ts). That is so for each of Notify's failures: `permanent-failure`
// (not a working mobile number), `temporary-failure` (the phone was off or full for the 72 hours
// Notify's providers kept trying: the news is late already, and another text would fare no
// better) and `technical-failure` (it never left Notify: Notify says to send it again, and it
// is, the next way, which does not depend on the text route that just failed). Messages about an
// account (a reset code to the number typed) go nowhere else, as no other address is theirs to
// use: they stay, seen as not delivered, and the person asks for another code (the words kept no
// longer hold the code, so the same message cannot be sent again).
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, ne, or } from 'drizzle-orm';
import * as v from 'valibot';
import { changedRows, database, tables, type Transaction, transaction } from '../db';
import { log } from '../log';
import { deliveryStatuses, type DeliveryStatus } from '../db/schema';
import type { DeliveryAnswer } from './drivers';
import { enqueue, type QueuedMessage } from './queue';
import { recipientOf } from './recipients';
import { limitsFor, toTellAgain, writeFor } from './rewrite';

const { outbox } = tables;

/** What Notify says of one of our messages: its id, our reference, and its status. */
export type DeliveryReceipt = { providerId: string; reference: string | null; status: string };

/** No control characters: nothing posted to us is written anywhere with one in it. */
const printable = /^[^\p{Cc}]*$/u;

/**
 * The fields read from Notify's delivery receipt (app/celery/service_callback_tasks.py, in
 * alphagov/notifications-api): its id for the message, our reference, and the status. The rest
 * (`to`, times, the template) is not read: `to` is the recipient.
 */
const receiptSchema = v.looseObject({
	id: v.pipe(v.string(), v.uuid()),
	reference: v.nullish(v.pipe(v.string(), v.maxLength(100), v.regex(printable))),
	status: v.pipe(v.string(), v.regex(/^[a-z-]{1,40}$/))
});

/** A delivery receipt as Notify's callback posts it; null when what was posted is not one. */
export function readDeliveryReceipt(posted: unknown): DeliveryReceipt | null {
	const read = v.safeParse(receiptSchema, posted);
	return read.success
		? {
				providerId: read.output.id,
				reference: read.output.reference ?? null,
				status: read.output.status
			}
		: null;
}

/**
 * recorded: a final status, recorded now; unchanged: ours, but nothing to record (still on its
 * way, or its final status was recorded before); unknown: no message of ours has that reference
 * and that provider id.
 */
export type ReceiptOutcome = 'recorded' | 'unchanged' | 'unknown';

const isFinal = (status: string): status is DeliveryStatus =>
	(deliveryStatuses as readonly string[]).includes(status);

/** The reference the driver gives each message (`outbox-<id>`), read back. */
function outboxIdOf(reference: string | null): number | null {
	const id = /^outbox-([1-9]\d{0,14})$/.exec(reference ?? '')?.[1];
	return id ? Number(id) : null;
}

/**
 * Records what Notify says of a message, matched by both our reference and Notify's id, and tells
 * an undelivered text again another way, in the same transaction.
 */
export async function recordDelivery(
	receipt: DeliveryReceipt,
	now = new Date()
): Promise<ReceiptOutcome> {
	const id = outboxIdOf(receipt.reference);
	if (id === null) return 'unknown';
	return await transaction(async (tx) => {
		const message = (
			await tx
				.select()
				.from(outbox)
				.where(and(eq(outbox.id, id), eq(outbox.providerId, receipt.providerId)))
		)[0];
		if (!message) return 'unknown';
		if (!isFinal(receipt.status)) return 'unchanged';
		const changed = changedRows(
			await tx
				.update(outbox)
				.set({ deliveryStatus: receipt.status, deliveryStatusAt: now })
				.where(and(eq(outbox.id, id), isNull(outbox.deliveryStatus)))
		);
		if (changed === 0) return 'unchanged';
		const toldAgain = receipt.status !== 'delivered' && (await tellAnotherWay(tx, message, now));
		// Ids and statuses only: never an address or the words.
		log.info(
			{ event: 'message.delivery', id, status: receipt.status, toldAgain },
			'a message’s delivery was recorded'
		);
		return 'recorded';
	});
}

/**
 * An undelivered text about a patient, written again for the next way they can be reached, and
 * linked to it. Returns false when it goes no other way: not a text, about an account rather
 * than a patient, a reminder whose time has passed, or no other way to reach them.
 */
async function tellAnotherWay(
	tx: Transaction,
	message: QueuedMessage,
	now: Date
): Promise<boolean> {
	if (message.channel !== 'sms' || message.patientId === null || message.about === null) {
		return false;
	}
	const about = toTellAgain(message.about);
	if (about.kind === 'appointment.reminder' && about.appointment.startsAt <= now) return false;
	const recipient = await recipientOf(tx, message.patientId, { ...limitsFor(about), sms: false });
	if (!recipient) return false;
	return await enqueue(tx, recipient, (language) => writeFor(about, { ...recipient, language }), {
		kind: message.kind,
		patientId: message.patientId,
		appointmentId: message.appointmentId ?? undefined,
		now,
		about,
		replacesId: message.id
	});
}

/** Notify keeps a message's details for 7 days; after that there is nobody to ask. */
const notifyKeepsMilliseconds = 7 * 24 * 60 * 60_000;

/**
 * Sent texts Notify has not said the last word on, not asked about for `every` milliseconds, the
 * longest unasked first (never asked, first of all).
 */
async function textsAwaitingReceipt(now: Date, every: number, limit: number) {
	return await database()
		.select({ id: outbox.id, providerId: outbox.providerId })
		.from(outbox)
		.where(
			and(
				eq(outbox.status, 'sent'),
				isNull(outbox.deliveryStatus),
				eq(outbox.channel, 'sms'),
				isNotNull(outbox.providerId),
				gt(outbox.sentAt, new Date(now.getTime() - notifyKeepsMilliseconds)),
				or(
					isNull(outbox.deliveryCheckedAt),
					lte(outbox.deliveryCheckedAt, new Date(now.getTime() - every))
				)
			)
		)
		.orderBy(asc(outbox.deliveryCheckedAt), asc(outbox.id))
		.limit(limit);
}

/**
 * Without the delivery-receipt callback: asks Notify how at most `limit` sent texts went, and
 * records the answers as a receipt would be. A text Notify does not answer for is asked about
 * again a round later. Returns how many final statuses were recorded.
 */
export async function checkDeliveries(
	ask: (providerId: string) => Promise<DeliveryAnswer | null>,
	round: { now: Date; every: number; limit: number; stopping?: () => boolean }
): Promise<number> {
	let recorded = 0;
	for (const message of await textsAwaitingReceipt(round.now, round.every, round.limit)) {
		if (round.stopping?.()) break;
		await database()
			.update(outbox)
			.set({ deliveryCheckedAt: round.now })
			.where(eq(outbox.id, message.id));
		const answer = await ask(message.providerId!);
		if (!answer) continue;
		const outcome = await recordDelivery({ providerId: message.providerId!, ...answer }, round.now);
		if (outcome === 'recorded') recorded++;
	}
	return recorded;
}

/** Not delivered: refused for good by the driver, or Notify said it did not arrive. */
export const notDelivered = or(
	eq(outbox.status, 'failed'),
	and(isNotNull(outbox.deliveryStatus), ne(outbox.deliveryStatus, 'delivered'))
)!;

/**
 * For each appointment, its messages that could not be delivered and the way each was told
 * again (null when it went no other way): what staff see on their diary's day list. The caller
 * has the appointments from a list its actor may see.
 */
export async function undeliveredAbout(appointmentIds: number[]) {
	if (appointmentIds.length === 0) return [];
	const failed = await database()
		.select({ id: outbox.id, appointmentId: outbox.appointmentId, channel: outbox.channel })
		.from(outbox)
		.where(and(inArray(outbox.appointmentId, appointmentIds), notDelivered))
		.orderBy(asc(outbox.id));
	const toldAgain = await toldAgainBy(failed.map((message) => message.id));
	return failed.map((message) => ({
		appointmentId: message.appointmentId!,
		channel: message.channel,
		toldAgainBy: toldAgain.get(message.id) ?? null
	}));
}

/** For each undelivered message, the channel its news was told again by. */
export async function toldAgainBy(messageIds: number[]) {
	if (messageIds.length === 0) return new Map<number, QueuedMessage['channel']>();
	return new Map(
		(
			await database()
				.select({ replacesId: outbox.replacesId, channel: outbox.channel })
				.from(outbox)
				.where(inArray(outbox.replacesId, messageIds))
		).map((fallback) => [fallback.replacesId!, fallback.channel])
	);
}
