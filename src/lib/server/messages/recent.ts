// The outbox's newest messages, for the demo's outbox page (staff/outbox): what was sent to whom,
// whether it arrived, and, for a text that did not, the way it was told again.
import { desc } from 'drizzle-orm';
import { database, tables } from '../db';
import { notDelivered, toldAgainBy } from './delivery';
import { demoLetterbox } from './demo-letterbox';

const { outbox } = tables;

/**
 * The newest messages first (only those not delivered, when asked), as delivered while the demo
 * keeps the words (a reset code leaves the outbox once sent).
 */
export async function recentMessages(count: number, only: { undelivered?: boolean } = {}) {
	const messages = await database()
		.select()
		.from(outbox)
		.where(only.undelivered ? notDelivered : undefined)
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(count);
	const toldAgain = await toldAgainBy(messages.map((message) => message.id));
	return messages.map((message) => ({
		...message,
		body: demoLetterbox.delivered(message.id) ?? message.body,
		toldAgainBy: toldAgain.get(message.id) ?? null
	}));
}
