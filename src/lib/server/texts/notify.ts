// Received texts as GOV.UK Notify passes them on: pushed to our callback, or fetched by polling
// its API when a deployment has no callback. Both reach `receiveTextFromNotify` in the same shape, and a
// text is processed once by its Notify id, whichever way (or however often) it came.
import notifications from 'notifications-node-client';
import * as v from 'valibot';
import { eq } from 'drizzle-orm';
import { messagesDriver, notifySettings, receivedTextsPollMilliseconds } from '../config';
import { database, tables } from '../db';
import { inTurn } from '../jobs';
import { log } from '../log';
import { holdsNul } from '../nul';
import { forgetAnsweredTexts, receiveTextFromNotify, type ReceivedText } from './conversation';

const { textPolling } = tables;

/**
 * Notify's own fields never hold the NUL character, which PostgreSQL's text cannot hold
 * (../nul.ts): a callback whose id, number or date holds one is refused (400), and a listed text
 * with one passed over. A person's words are read whatever they hold: a network may turn a GSM
 * `@` into NUL, and conversation.ts keeps the words without it.
 */
const text = v.pipe(
	v.string(),
	v.check((value) => !holdsNul(value))
);
const notifyId = v.pipe(text, v.minLength(1), v.maxLength(100));
const number = v.pipe(text, v.minLength(1), v.maxLength(40));
/** Notify's own texts are at most a few fragments; anything longer is read no further. */
const content = v.pipe(v.string(), v.maxLength(10_000));
const when = v.pipe(text, v.maxLength(40));

/** The received-text callback's body (notifications-api, `send_inbound_sms_to_service`). */
const callbackBody = v.object({
	id: notifyId,
	source_number: number,
	destination_number: v.optional(v.unknown()),
	message: content,
	date_received: when
});

/** One of `GET /v2/received-text-messages`'s texts. */
const listedText = v.object({
	id: notifyId,
	user_number: number,
	content,
	created_at: when
});

/** A date as Notify writes it (UTC, with or without a zone); now, when it cannot be read. */
function dateOf(written: string, now: Date): Date {
	const at = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(written) ? written : `${written}Z`);
	return Number.isNaN(at.getTime()) ? now : at;
}

/** The callback's body as a received text, or null when it is not one. */
export function readCallback(body: unknown, now = new Date()): ReceivedText | null {
	const parsed = v.safeParse(callbackBody, body);
	if (!parsed.success) return null;
	const { id, source_number, message, date_received } = parsed.output;
	return {
		notifyId: id,
		from: source_number,
		body: message,
		receivedAt: dateOf(date_received, now)
	};
}

type Client = Pick<InstanceType<typeof notifications.NotifyClient>, 'getReceivedTexts'>;

/** Pages of 250 texts looked through in one round at most. */
const pagesPerRound = 10;
const oldestAnswered = 24 * 60 * 60_000;

/**
 * Fetches the texts Notify received since the newest one seen before, oldest first, and
 * processes each. Notify lists newest first, a page at a time going back (`older_than`), so
 * this reads back until it meets the text it stopped at, then handles them in the order sent.
 */
export async function pollReceivedTexts(client: Client, now = () => new Date()): Promise<number> {
	const db = database();
	const stoppedAt = (await db.select().from(textPolling).where(eq(textPolling.id, 1)))[0]
		?.newestNotifyId;
	const fresh: ReceivedText[] = [];
	let olderThan: string | undefined;
	let reachedKnown = false;
	for (let page = 0; page < pagesPerRound && !reachedKnown; page++) {
		const response = await client.getReceivedTexts(olderThan);
		const listed = (response.data as { received_text_messages?: unknown[] }).received_text_messages;
		if (!Array.isArray(listed) || listed.length === 0) break;
		for (const item of listed) {
			const parsed = v.safeParse(listedText, item);
			if (!parsed.success) continue;
			if (parsed.output.id === stoppedAt) {
				reachedKnown = true;
				break;
			}
			const { id, user_number, content: body, created_at } = parsed.output;
			fresh.push({ notifyId: id, from: user_number, body, receivedAt: dateOf(created_at, now()) });
		}
		olderThan = (listed.at(-1) as { id?: string }).id;
	}
	// Notify lists the newest first: the first listed is where the next round stops.
	const newest = fresh[0];
	let processed = 0;
	// Oldest first: a "3" then a "1" is an offer, then its answer. A text older than a day (on
	// the first round, Notify's whole history) is not answered now: a late answer to an old
	// question would do more harm than good.
	for (const text of fresh.reverse()) {
		if (now().getTime() - text.receivedAt.getTime() > oldestAnswered) continue;
		if ((await receiveTextFromNotify(text, now())) !== 'duplicate') processed++;
	}
	if (newest) {
		await db
			.insert(textPolling)
			.values({ id: 1, newestNotifyId: newest.notifyId })
			.onConflictDoUpdate({ target: textPolling.id, set: { newestNotifyId: newest.notifyId } });
	}
	return processed;
}

/** Polls Notify every so often, one round at a time; returns a stop for shutdown. */
export function startPollingReceivedTexts(
	client: Client,
	everyMilliseconds: number
): () => Promise<void> {
	let roundUnderWay: Promise<unknown> | undefined;
	let stopping = false;
	// One instance polls: a text is answered once however often it is read, but two pollers would
	// ask Notify for the same pages, each moving the other's place back. A lease of a few rounds,
	// so that a slow round (Notify's time-outs) is over before another instance may start one.
	const poll = inTurn('texts.polling', 3 * everyMilliseconds, pollReceivedTexts);
	const round = () => {
		if (stopping || roundUnderWay) return;
		roundUnderWay = poll(client)
			.catch((error) =>
				// Only the kind of failure: never a number or the words of a text.
				log.warn(
					{ event: 'texts.poll_failed', error: error instanceof Error ? error.name : 'unknown' },
					'received texts could not be fetched from Notify'
				)
			)
			.finally(() => (roundUnderWay = undefined));
	};
	const timer = setInterval(round, everyMilliseconds);
	timer.unref();
	round();
	return async () => {
		stopping = true;
		clearInterval(timer);
		await roundUnderWay;
	};
}

const hour = 60 * 60_000;

/**
 * Starts what text replies need in the background: forgetting replies once their question is
 * over (hourly), and, for a deployment without Notify's callback, polling Notify for them.
 */
export async function startTextReplies(): Promise<(() => Promise<void>)[]> {
	const forget = inTurn('texts.forgetting', hour, forgetAnsweredTexts);
	await forget();
	const forgetting = setInterval(() => void forget(), hour);
	forgetting.unref();
	const stops = [async () => clearInterval(forgetting)];
	const { apiKey, baseUrl } = notifySettings;
	if (receivedTextsPollMilliseconds > 0 && messagesDriver === 'notify' && apiKey) {
		const client = new notifications.NotifyClient(baseUrl, apiKey);
		stops.push(startPollingReceivedTexts(client, receivedTextsPollMilliseconds));
	}
	return stops;
}
