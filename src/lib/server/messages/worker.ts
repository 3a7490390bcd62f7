// The worker inside the server process: it queues tomorrow's reminders (with the sweep it is
// given: appointments/reminders.ts, which knows the diary) and sends what is due.
// A message is only marked sent once the driver accepted it (a reset code then leaves the words
// kept); a failure is tried again later with growing gaps, and a message that keeps failing is
// kept as failed, never dropped. Without Notify's delivery-receipt callback, it also asks Notify
// how sent texts went (delivery.ts).
import {
	deliveryPollMilliseconds,
	demoMode,
	messagesDriver,
	messagesPollMilliseconds,
	notifySettings
} from '../config';
import { inTurn, turnOf } from '../jobs';
import { log } from '../log';
import { checkDeliveries } from './delivery';
import { localDriver, notifyDriver, type MessageDriver } from './drivers';
import { demoLetterbox } from './demo-letterbox';
import { claim, dueMessages, markNotSent, markSent } from './queue';
import { keptOnceSent } from './templates';

/** While a message is being sent it is leased: if the process dies mid-send, it is tried again. */
const leaseMilliseconds = 5 * 60_000;
/** Retries wait 30 s, 1 min, 2 min… up to an hour; after this many attempts, it has failed. */
export const maxAttempts = 12;
const firstRetryMilliseconds = 30_000;
const longestRetryMilliseconds = 60 * 60_000;
const batchSize = 20;

export function retryDelay(attempts: number): number {
	return Math.min(firstRetryMilliseconds * 2 ** (attempts - 1), longestRetryMilliseconds);
}

/**
 * Sends the messages that are due, one after another, until `stopping` says the server is
 * stopping. Returns how many were sent.
 */
export async function sendDueMessages(
	driver: MessageDriver,
	now = () => new Date(),
	stopping = () => false
) {
	let sent = 0;
	for (const message of await dueMessages(now(), batchSize)) {
		// Not the rest of the batch: each send may wait for Notify's time-out, and the rest are
		// still queued for the next start.
		if (stopping()) break;
		const attempts = message.attempts + 1;
		// Taken by another instance's round, or withdrawn, since it was read.
		const claimedAt = now();
		if (!(await claim(message, claimedAt, new Date(claimedAt.getTime() + leaseMilliseconds))))
			continue;

		const outcome = await driver.send(message);
		if (outcome.ok) {
			await markSent(message.id, {
				at: now(),
				providerId: outcome.providerId,
				keptBody: keptOnceSent(message)
			});
			sent++;
			continue;
		}
		const givingUp = !outcome.retry || attempts >= maxAttempts;
		await markNotSent(message.id, {
			error: outcome.error,
			givingUp,
			nextAttemptAt: new Date(now().getTime() + retryDelay(attempts))
		});
		// Only ids and error codes: never an address or the words of a message.
		log.warn(
			{ event: 'message.send_failed', id: message.id, attempts, error: outcome.error, givingUp },
			'a message could not be sent'
		);
	}
	return sent;
}

export function driverFromSettings(): MessageDriver {
	// In the demo, what is "delivered" is shown at /staff/outbox for a while (see demo-letterbox.ts).
	if (messagesDriver === 'local') return demoMode ? demoLetterbox.driver : localDriver;
	if (messagesDriver === 'notify') {
		const { apiKey, baseUrl, emailTemplateId, smsTemplateId, letterTemplateId } = notifySettings;
		if (!apiKey || !emailTemplateId || !smsTemplateId) {
			throw new Error(
				'MESSAGES_DRIVER=notify needs NOTIFY_API_KEY, NOTIFY_EMAIL_TEMPLATE_ID and NOTIFY_SMS_TEMPLATE_ID'
			);
		}
		return notifyDriver({ apiKey, baseUrl, emailTemplateId, smsTemplateId, letterTemplateId });
	}
	throw new Error(`MESSAGES_DRIVER must be local or notify, not ${messagesDriver}`);
}

/** Tomorrow's reminders are looked for this often, not on every round: it reads a day's diary. */
const reminderIntervalMilliseconds = 10 * 60_000;
/** Texts asked about in one round at most, one request to Notify each, so a round stays short. */
const deliveriesPerRound = 50;

/**
 * Starts the worker; one round at a time, never overlapping, and never keeping the process up.
 * Returns a stop that waits for the message being sent, if any (at most the driver's time-out),
 * so that it is marked sent or queued again before the database closes rather than staying
 * leased until its lease runs out; no other message is started.
 */
export function startMessageWorker(
	driver = driverFromSettings(),
	/** Queues tomorrow's reminders, stopping early when told; none when not given. */
	queueDueReminders: (now: Date, stopping: () => boolean) => Promise<unknown> = async () => 0,
	/** How often to ask the driver how each sent text went; 0: never (receipts come to us). */
	deliveryPoll = deliveryPollMilliseconds
): () => Promise<void> {
	let stopping = false;
	let roundUnderWay: Promise<void> | undefined;
	let remindersQueuedAt = 0;
	let deliveriesCheckedAt = 0;
	const isStopping = () => stopping;
	// Every instance sends (claim keeps each message to one), but the sweep and the questions to
	// Notify are done by one instance a period: twice would only repeat the work.
	const remindersInTurn = inTurn(
		'appointments.reminders',
		reminderIntervalMilliseconds,
		queueDueReminders
	);
	// A lease of a few rounds: a round of questions may wait on Notify's time-outs.
	const deliveriesTurn = turnOf('messages.deliveries', Math.max(3 * deliveryPoll, 1));
	const round = async () => {
		try {
			if (Date.now() - remindersQueuedAt >= reminderIntervalMilliseconds) {
				await remindersInTurn(new Date(), isStopping);
				remindersQueuedAt = Date.now();
			}
			while (!stopping && (await sendDueMessages(driver, () => new Date(), isStopping)) > 0) {
				// Keep going while there is a backlog.
			}
			const { deliveryOf } = driver;
			if (deliveryOf && deliveryPoll > 0 && Date.now() - deliveriesCheckedAt >= deliveryPoll) {
				deliveriesCheckedAt = Date.now();
				if (await deliveriesTurn.held())
					await checkDeliveries(deliveryOf.bind(driver), {
						now: new Date(),
						every: deliveryPoll,
						limit: deliveriesPerRound,
						stopping: isStopping
					});
			}
		} catch (error) {
			log.error(
				{ event: 'message.worker_failed', error: error instanceof Error ? error.name : 'unknown' },
				'the message worker failed a round'
			);
		}
	};
	const startRound = () => {
		if (stopping || roundUnderWay) return;
		roundUnderWay = round().finally(() => (roundUnderWay = undefined));
	};
	const timer = setInterval(startRound, messagesPollMilliseconds);
	timer.unref();
	startRound();
	return async () => {
		stopping = true;
		clearInterval(timer);
		await roundUnderWay;
	};
}
