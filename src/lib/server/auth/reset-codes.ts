// Reset codes kept in the outbox. A reset code is a live secret only while it works: once it is
// sent (see messages/templates.ts `keptOnceSent`), used or replaced, or its ten minutes are over,
// it is taken out of the message kept in the outbox (the rest of the words stay as the record),
// so the outbox never holds a code that still opens an account.
import { and, eq, inArray, lte } from 'drizzle-orm';
import { tables, type Executor } from '../db';
import { withoutResetCode } from '../messages/templates';
import { identifiersOf } from '../identifier';

const { outbox } = tables;

/**
 * Takes the codes out of the reset code messages sent to the addresses an account signs in
 * with, or of every one sent before a time. How many messages were changed.
 */
export async function redactResetCodes(
	db: Executor,
	which: { account: { email: string | null; mobile: string | null } } | { sentBefore: Date }
): Promise<number> {
	const sent =
		'account' in which
			? inArray(
					outbox.recipient,
					identifiersOf(which.account).map((identifier) => identifier.value)
				)
			: lte(outbox.createdAt, which.sentBefore);
	const messages = await db
		.select({ id: outbox.id, body: outbox.body })
		.from(outbox)
		.where(and(eq(outbox.kind, 'account.reset_code'), sent));
	let redacted = 0;
	for (const message of messages) {
		const body = withoutResetCode(message.body);
		if (body === message.body) continue;
		await db.update(outbox).set({ body }).where(eq(outbox.id, message.id));
		redacted++;
	}
	return redacted;
}
