// The outbox's newest messages, for the demo's outbox page (staff/outbox): what was sent to whom.
import { desc } from 'drizzle-orm';
import { database, tables } from '../db';
import { demoLetterbox } from './demo-letterbox';

const { outbox } = tables;

/** The newest messages first, as delivered while the demo keeps the words (a reset code leaves the outbox once sent). */
export function recentMessages(count: number) {
	return database()
		.select()
		.from(outbox)
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(count)
		.all()
		.map((message) => ({ ...message, body: demoLetterbox.delivered(message.id) ?? message.body }));
}
