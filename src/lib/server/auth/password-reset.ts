// Resetting a forgotten password with a one-time code sent through the outbox: six digits, good
// for ten minutes, used once. The right code opens the new-password page for that browser only
// (a second secret, kept in a cookie); setting the password ends every session of the account.
// Guessing is held back per account by the limits in ../limits.ts, on top of the code's short life.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { changedRows, database, tables, transaction } from '../db';
import { queueAccountMessage } from '../messages/outbox';
import { recordSecurityEvent } from '../security-log';
import { closeResets, findUserByIdentifier, replacePassword } from './accounts';
import type { SignInIdentifier } from '../identifier';
import { hashPassword } from './password';
import { redactResetCodes } from './reset-codes';
import { hashSecret, randomSecret, type SessionUser } from './session';

export const resetCodeDigits = 6;
/** How long a code works after it is sent, and how long the new-password page then stays open. */
export const resetCodeLifetimeMs = 10 * 60 * 1000;

const { passwordResetCodes, users } = tables;

/** A code or secret as a blob column holds it: its hash (see sessions). */
const stored = (secret: string) => Buffer.from(hashSecret(secret));

/** "123 456", "123-456" and "123456" are the same code; anything else is not a code. */
export function normaliseResetCode(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	return new RegExp(`^\\d{${resetCodeDigits}}$`).test(digits) ? digits : null;
}

/**
 * Sends a new code to the address typed, when it is an account's (any earlier code, or new-
 * password page it opened, stops working); the account's id, or null when there is none. The
 * page says the same either way.
 */
export async function sendResetCode(
	identifier: SignInIdentifier,
	now = new Date()
): Promise<number | null> {
	const user = await findUserByIdentifier(identifier);
	if (!user) return null;
	const code = String(randomInt(0, 10 ** resetCodeDigits)).padStart(resetCodeDigits, '0');
	const expiresAt = new Date(now.getTime() + resetCodeLifetimeMs);
	await transaction(
		async (tx) => {
			await closeResets(tx, user, now);
			await redactResetCodes(tx, { sentBefore: new Date(now.getTime() - resetCodeLifetimeMs) });
			await tx
				.insert(passwordResetCodes)
				.values({ userId: user.id, codeHash: stored(code), createdAt: now, expiresAt });
			await queueAccountMessage(tx, user, identifier, {
				kind: 'account.reset_code',
				code,
				expiresAt,
				now
			});
		},
		{ behavior: 'immediate' }
	);
	return user.id;
}

/**
 * How long asking for a code takes, account or not: far longer than sending one ever does (a few
 * milliseconds), so that how soon the answer comes says nothing about whether the address is an
 * account's. A quarter of a second is not noticed on a page someone visits rarely.
 */
export const resetRequestFloorMs = 250;

/**
 * Asking for a code for the address typed, as the page does: sends one when it is an account's
 * (logged for admins) and answers after the same time either way.
 */
export async function requestResetCode(
	identifier: SignInIdentifier,
	address: string,
	now = new Date()
): Promise<void> {
	const started = performance.now();
	const userId = await sendResetCode(identifier, now);
	if (userId !== null) await recordSecurityEvent('reset_code_sent', { userId, address });
	await sleep(Math.max(0, resetRequestFloorMs - (performance.now() - started)));
}

export type CodeCheck =
	{ ok: true; userId: number; grant: string } | { ok: false; userId: number | null };

/**
 * Uses the latest code sent to this address, if it is the one typed and still good. The token
 * returned lets this browser, and no other, choose the new password.
 */
export async function useResetCode(
	identifier: SignInIdentifier,
	code: string,
	now = new Date()
): Promise<CodeCheck> {
	const user = await findUserByIdentifier(identifier);
	if (!user) return { ok: false, userId: null };
	const latest = (
		await database()
			.select()
			.from(passwordResetCodes)
			.where(
				and(
					eq(passwordResetCodes.userId, user.id),
					gt(passwordResetCodes.expiresAt, now),
					isNull(passwordResetCodes.usedAt)
				)
			)
			.orderBy(desc(passwordResetCodes.id))
	)[0];
	if (!latest || !constantTimeEqual(hashSecret(code), new Uint8Array(latest.codeHash))) {
		return { ok: false, userId: user.id };
	}
	const secret = randomSecret();
	// Only the first browser to use the code gets to keep it: `used_at IS NULL` in the update.
	const used = await database()
		.update(passwordResetCodes)
		.set({ usedAt: now, grantHash: stored(secret) })
		.where(and(eq(passwordResetCodes.id, latest.id), isNull(passwordResetCodes.usedAt)));
	if (changedRows(used) === 0) return { ok: false, userId: user.id };
	await redactResetCodes(database(), { account: user });
	return { ok: true, userId: user.id, grant: `${latest.id}.${secret}` };
}

/** The code row a grant token stands for, while the new password may still be set with it. */
async function openGrant(token: string, now: Date) {
	const [id, secret, extra] = token.split('.');
	if (!id || !/^\d+$/.test(id) || !secret || extra !== undefined) return null;
	const row = (
		await database()
			.select()
			.from(passwordResetCodes)
			.where(eq(passwordResetCodes.id, Number(id)))
	)[0];
	if (!row?.usedAt || !row.grantHash || row.completedAt) return null;
	if (now.getTime() >= row.usedAt.getTime() + resetCodeLifetimeMs) return null;
	return constantTimeEqual(hashSecret(secret), new Uint8Array(row.grantHash)) ? row : null;
}

/** True while a grant token may still set a new password. */
export async function grantIsOpen(token: string, now = new Date()): Promise<boolean> {
	return (await openGrant(token, now)) !== null;
}

/**
 * Sets the new password with a grant token, once: every session of the account ends. The
 * account, or null when the grant is not (or no longer) good.
 */
export async function resetPassword(
	token: string,
	password: string,
	now = new Date()
): Promise<SessionUser | null> {
	if (!(await openGrant(token, now))) return null;
	const passwordHash = await hashPassword(password);
	return await transaction(
		async (tx) => {
			// Checked again inside the transaction: two tabs sending the form set it once.
			const row = await openGrant(token, now);
			if (!row) return null;
			const user = (await tx.select().from(users).where(eq(users.id, row.userId)))[0];
			if (!user) return null;
			await tx
				.update(passwordResetCodes)
				.set({ completedAt: now })
				.where(eq(passwordResetCodes.id, row.id));
			await replacePassword(tx, user, passwordHash, 'account.password_reset', now);
			return user;
		},
		{ behavior: 'immediate' }
	);
}
