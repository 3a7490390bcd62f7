// How a message leaves the outbox. `local` sends nothing: the outbox row is the record, for
// development, the demo and anywhere without a messaging contract. `notify` sends through
// GOV.UK Notify with its official client.
import notifications from 'notifications-node-client';
import type { MessageChannel } from '../db/schema';

export type OutgoingMessage = {
	id: number;
	channel: MessageChannel;
	recipient: string;
	subject: string | null;
	body: string;
};

/** Sent, or not: `retry` says whether trying again later could help. */
export type SendOutcome =
	{ ok: true; providerId: string | null } | { ok: false; retry: boolean; error: string };

/** What the provider says now of a message it was given: its status, and our reference. */
export type DeliveryAnswer = { status: string; reference: string | null };

export type MessageDriver = {
	name: string;
	send(message: OutgoingMessage): Promise<SendOutcome>;
	/**
	 * Asks the provider how a message went, by its id; null when it gives no answer (it is asked
	 * again later). Only drivers that hand messages on to be delivered have it.
	 */
	deliveryOf?(providerId: string): Promise<DeliveryAnswer | null>;
};

export const localDriver: MessageDriver = {
	name: 'local',
	send: async () => ({ ok: true, providerId: null })
};

export type NotifySettings = {
	apiKey: string;
	baseUrl: string;
	emailTemplateId: string;
	smsTemplateId: string;
	/** Letters go only where there is a letter template; without one they fail, to be seen. */
	letterTemplateId?: string;
	/** Gives up waiting for Notify after this long; the message is tried again later. */
	timeoutMilliseconds?: number;
};

class MissingTemplate extends Error {
	name = 'MissingTemplate';
}

/** One message to Notify, into the template for its channel. */
function send(
	client: InstanceType<typeof notifications.NotifyClient>,
	settings: NotifySettings,
	message: OutgoingMessage,
	reference: string
) {
	switch (message.channel) {
		case 'email':
			return client.sendEmail(settings.emailTemplateId, message.recipient, {
				personalisation: { subject: message.subject ?? '', body: message.body },
				reference
			});
		case 'sms':
			return client.sendSms(settings.smsTemplateId, message.recipient, {
				personalisation: { body: message.body },
				reference
			});
		case 'letter': {
			if (!settings.letterTemplateId) return Promise.reject(new MissingTemplate());
			// Notify takes the address as numbered lines, at most seven, the postcode last (kept
			// last even if a long address must lose a line).
			const all = message.recipient
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean);
			const lines = all.length > 7 ? [...all.slice(0, 6), all.at(-1)!] : all;
			const address = Object.fromEntries(
				lines.map((line, index) => [`address_line_${index + 1}`, line])
			);
			return client.sendLetter(settings.letterTemplateId, {
				personalisation: { ...address, subject: message.subject ?? '', body: message.body },
				reference
			});
		}
	}
}

class Timeout extends Error {
	name = 'Timeout';
}

/** Whatever Notify answers, or a Timeout once `milliseconds` have passed. */
async function inTime<T>(answer: Promise<T>, milliseconds: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			answer,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Timeout()), milliseconds);
			})
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Sends through GOV.UK Notify, into templates that hold only placeholders. */
export function notifyDriver(settings: NotifySettings): MessageDriver {
	const client = new notifications.NotifyClient(settings.baseUrl, settings.apiKey);
	const timeout = settings.timeoutMilliseconds ?? 15_000;
	return {
		name: 'notify',
		async send(message) {
			// Our own id, so a message can be found in Notify's records from the outbox.
			const reference = `outbox-${message.id}`;
			try {
				const sending: Promise<{ data: { id: string } }> = send(
					client,
					settings,
					message,
					reference
				);
				const response = await inTime(sending, timeout);
				return { ok: true, providerId: response.data.id };
			} catch (error) {
				return notifyFailure(error);
			}
		},
		async deliveryOf(providerId) {
			try {
				const { data } = await inTime(client.getNotificationById(providerId), timeout);
				// Only the status and our reference are read: the rest can quote the recipient.
				return typeof data?.status === 'string'
					? { status: data.status, reference: data.reference ?? null }
					: null;
			} catch {
				return null;
			}
		}
	};
}

/**
 * Notify answers 400 and 403 when a message can never be sent as it is (a bad number, a wrong
 * key or template); 429 and 5xx, or no answer, may pass. Only the status is kept, never the
 * response body, which can quote the recipient.
 */
function notifyFailure(error: unknown): SendOutcome {
	const status =
		typeof error === 'object' && error !== null && 'response' in error
			? (error as { response?: { status?: number } }).response?.status
			: undefined;
	if (status !== undefined) {
		return { ok: false, retry: status === 429 || status >= 500, error: `notify-${status}` };
	}
	// No letter template is set up: trying again cannot help until someone sets one.
	if (error instanceof MissingTemplate) return { ok: false, retry: false, error: error.name };
	// No answer: a refused or dropped connection (its code, such as ECONNREFUSED), or our timeout.
	const code =
		typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null;
	return {
		ok: false,
		retry: true,
		error: code ?? (error instanceof Error ? error.name : 'unknown')
	};
}
