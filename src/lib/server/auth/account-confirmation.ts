// Creating an account after confirming the email address or mobile number it will sign in with,
// the GOV.UK way: the first page never says whether an account already has that address. A
// one-time code goes to a new address; an address that is already an account's gets no code,
// only a message telling its holder that someone tried, and how to sign in or reset the password.
// The next page says the same either way, and both ways take the same time. The confirmation
// belongs to the browser that asked (a secret kept in a cookie), keeps the chosen password hashed
// until the code is right, and the right code, used once, makes the account.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, eq, isNull } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { changedRows, database, tables, transaction } from '../db';
import { queueAccountMessage } from '../messages/outbox';
import { findUserByIdentifier, insertAccount } from './accounts';
import { parseIdentifier, type SignInIdentifier } from '../identifier';
import { hashPassword } from './password';
import { resetCodeDigits } from './password-reset';
import { hashSecret, randomSecret, type SessionUser } from './session';

const { accountConfirmations } = tables;

/** How long a confirmation code works after it is sent (and how long the browser's cookie lasts). */
export const confirmationLifetimeMs = 10 * 60 * 1000;

/**
 * How long asking to create an account takes, whether or not the address is an account's: far
 * longer than the work either way (hashing the password, a few milliseconds of database), so how
 * soon the answer comes says nothing about the address.
 */
export const registrationFloorMs = 400;

/** A secret as a blob column holds it: its hash (see sessions). */
const stored = (secret: string) => Buffer.from(hashSecret(secret));

/** What the browser keeps to enter the code: the confirmation's id and its own secret. */
export type ConfirmationToken = string;

/**
 * Starts a confirmation for the address typed: a code to a new address, or a message to an
 * existing account's holder, in a transaction with the row that remembers it. Takes the same
 * time either way (at least `registrationFloorMs`). Returns the token for this browser alone.
 */
export async function startRegistration(
	identifier: SignInIdentifier,
	password: string,
	language: LanguageCode,
	now = new Date()
): Promise<ConfirmationToken> {
	const started = performance.now();
	// Hashed either way: the new account's password, or thrown away with the row.
	const passwordHash = await hashPassword(password);
	const secret = randomSecret();
	const expiresAt = new Date(now.getTime() + confirmationLifetimeMs);
	const id = await transaction(
		async (tx) => {
			const existing = await findUserByIdentifier(identifier);
			const code = existing
				? null
				: String(randomInt(0, 10 ** resetCodeDigits)).padStart(resetCodeDigits, '0');
			const row = (
				await tx
					.insert(accountConfirmations)
					.values({
						identifier: identifier.value,
						passwordHash,
						language,
						codeHash: code === null ? null : stored(code),
						browserHash: stored(secret),
						createdAt: now,
						expiresAt
					})
					.returning({ id: accountConfirmations.id })
			)[0]!;
			if (existing) {
				// In the holder's own language, not the one the page was in.
				await queueAccountMessage(tx, existing, identifier, {
					kind: 'account.already_registered',
					now
				});
			} else {
				await queueAccountMessage(tx, { patientId: null, language }, identifier, {
					kind: 'account.confirm_code',
					code: code!,
					expiresAt,
					now
				});
			}
			return row.id;
		},
		{ behavior: 'immediate' }
	);
	await sleep(Math.max(0, registrationFloorMs - (performance.now() - started)));
	return `${id}.${secret}`;
}

type OpenConfirmation = typeof accountConfirmations.$inferSelect;

/** The confirmation a browser's token stands for, if the token is its own. */
async function confirmationOf(token: string): Promise<OpenConfirmation | null> {
	const [id, secret, extra] = token.split('.');
	if (!id || !/^\d+$/.test(id) || !secret || extra !== undefined) return null;
	const row = (
		await database()
			.select()
			.from(accountConfirmations)
			.where(eq(accountConfirmations.id, Number(id)))
	)[0];
	if (!row) return null;
	return constantTimeEqual(hashSecret(secret), new Uint8Array(row.browserHash)) ? row : null;
}

/** Where the code was sent, for the page to show; null when the token is not a confirmation's. */
export async function confirmationAddress(token: string): Promise<SignInIdentifier | null> {
	const row = await confirmationOf(token);
	return row ? parseIdentifier(row.identifier) : null;
}

export type ConfirmationResult =
	{ ok: true; user: SessionUser } | { ok: false; reason: 'unknown' | 'wrong' | 'expired' | 'used' };

/**
 * Enters a code for this browser's confirmation: the right one, while it works and only once,
 * makes the account (a patient, signed in with the password chosen, in the activity log). A
 * confirmation for an address that already had an account has no code, so every code is wrong.
 */
export async function confirmRegistration(
	token: string,
	code: string,
	now = new Date()
): Promise<ConfirmationResult> {
	const row = await confirmationOf(token);
	if (!row) return { ok: false, reason: 'unknown' };
	if (row.usedAt) return { ok: false, reason: 'used' };
	if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
	const typed = hashSecret(code);
	if (!row.codeHash || !constantTimeEqual(typed, new Uint8Array(row.codeHash))) {
		return { ok: false, reason: 'wrong' };
	}
	const identifier = parseIdentifier(row.identifier);
	if (!identifier) return { ok: false, reason: 'unknown' };
	return await transaction(
		async (tx): Promise<Promise<ConfirmationResult>> => {
			// Only the first to use the code gets the account: `used_at IS NULL` in the update.
			const used = await tx
				.update(accountConfirmations)
				.set({ usedAt: now })
				.where(and(eq(accountConfirmations.id, row.id), isNull(accountConfirmations.usedAt)));
			if (changedRows(used) === 0) return { ok: false, reason: 'used' };
			// Made with the same address meanwhile (another confirmation used first).
			if (await findUserByIdentifier(identifier)) return { ok: false, reason: 'used' };
			return { ok: true, user: await insertAccount(tx, identifier, row.passwordHash) };
		},
		{ behavior: 'immediate' }
	);
}
