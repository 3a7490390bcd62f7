// Creating accounts and checking who someone is when they sign in.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { actorFor, type ActingContext } from '../access/policy';
import { recordActivity } from '../audit';
import { database, tables, type Transaction, transaction } from '../db';
import { forgetTries, takeTry } from '../limits';
import { queueAccountMessage } from '../messages/outbox';
import { subjectOf } from '../patients';
import { recordSecurityEvent } from '../security-log';
import { identifierOf, limitKeyOf, type SignInIdentifier } from '../identifier';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './password';
import { redactResetCodes } from './reset-codes';
import type { LanguageCode } from '$lib/i18n/languages';
import { endAllSessions, type SessionUser } from './session';

function identifierColumn(identifier: SignInIdentifier) {
	return identifier.kind === 'email' ? tables.users.email : tables.users.mobile;
}

/** The account an email address or mobile number signs in to, if any. */
export async function findUserByIdentifier(
	identifier: SignInIdentifier
): Promise<SessionUser | undefined> {
	return (
		await database()
			.select()
			.from(tables.users)
			.where(eq(identifierColumn(identifier), identifier.value))
	)[0];
}

export type RegistrationResult = { ok: true; user: SessionUser } | { ok: false; reason: 'taken' };

/**
 * A new resident's account, inside the caller's transaction: a patient whose record is linked
 * later, in their activity log. Used once the address is confirmed (./account-confirmation.ts).
 */
export async function insertAccount(
	tx: Transaction,
	identifier: SignInIdentifier,
	passwordHash: string
): Promise<SessionUser> {
	const user = (
		await tx
			.insert(tables.users)
			.values({ [identifier.kind]: identifier.value, passwordHash, role: 'patient' })
			.returning()
	)[0]!;
	await recordActivity(
		tx,
		{ actor: actorFor(user), subject: null, via: 'self' },
		'account.registered',
		{
			signInWith: identifier.kind
		}
	);
	return user;
}

/** A new resident's account straight away, for tests and the demo (people register through a code). */
export async function registerAccount(
	identifier: SignInIdentifier,
	password: string
): Promise<RegistrationResult> {
	const passwordHash = await hashPassword(password);
	return await transaction(
		async (tx) => {
			if (await findUserByIdentifier(identifier)) return { ok: false, reason: 'taken' } as const;
			return { ok: true, user: await insertAccount(tx, identifier, passwordHash) } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** The account an identifier names, if any: for the security log of a failed sign-in. */
export async function accountIdFor(identifier: SignInIdentifier): Promise<number | null> {
	return (await findUserByIdentifier(identifier))?.id ?? null;
}

/** The user for these credentials, or null. Takes as long for an unknown account as a known one. */
export async function authenticate(
	identifier: SignInIdentifier,
	password: string
): Promise<SessionUser | null> {
	const user = await findUserByIdentifier(identifier);
	// An account that signs in only through NHS login has no password to match.
	if (!user?.passwordHash) return verifyAgainstDecoy(password).then(() => null);
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** Remembers the language a signed-in person chose, for every device they use. */
export async function setAccountLanguage(
	context: ActingContext,
	language: LanguageCode
): Promise<void> {
	const actor = context.actor;
	if (!actor) return;
	await transaction(
		async (tx) => {
			await tx.update(tables.users).set({ language }).where(eq(tables.users.id, actor.userId));
			await recordActivity(tx, context, 'account.language_changed', { language });
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Gives an account a new password, inside the caller's transaction: every session it has ends
 * (whoever knew the old password is signed out everywhere), the change is in the person's
 * activity log, and they are told at the address they sign in with, in case it was not them.
 */
export async function replacePassword(
	tx: Transaction,
	user: SessionUser,
	passwordHash: string,
	action: 'account.password_reset' | 'account.password_changed',
	now = new Date()
): Promise<number> {
	await tx.update(tables.users).set({ passwordHash }).where(eq(tables.users.id, user.id));
	const ended = await endAllSessions(user.id);
	await closeResets(tx, user, now);
	await recordActivity(
		tx,
		{
			actor: actorFor(user),
			subject: user.patientId ? await subjectOf(user.patientId) : null,
			via: 'self'
		},
		action
	);
	await queueAccountMessage(tx, user, identifierOf(user), {
		kind: 'account.password_changed',
		now
	});
	return ended;
}

/**
 * Ends whatever password reset an account has under way (see ./password-reset.ts), as a new
 * password or a new code does: no code sent, and no new-password page opened, before this moment
 * works after it, and the codes are taken out of the messages kept in the outbox.
 */
export async function closeResets(tx: Transaction, user: SessionUser, now: Date): Promise<void> {
	const { passwordResetCodes: codes } = tables;
	const open = and(eq(codes.userId, user.id), isNull(codes.completedAt));
	await tx
		.update(codes)
		.set({ expiresAt: now })
		.where(and(open, gt(codes.expiresAt, now)));
	await tx.update(codes).set({ completedAt: now }).where(open);
	await redactResetCodes(tx, { account: user });
}

/**
 * Checks the password a signed-in person types again (to change it, or before changing who may
 * act for them or how they are reached). Wrong ones count against the account as wrong
 * sign-ins do, so this is no easier a place to guess; each is in the security log.
 */
export async function confirmOwnPassword(
	user: SessionUser,
	password: string,
	address: string
): Promise<'right' | 'wrong' | 'held back'> {
	const account = limitKeyOf(identifierOf(user));
	// Counted before the (slow) check, so tries sent together are all counted; a right one is
	// then forgotten.
	if (await takeTry('signInAccount', account)) {
		await recordSecurityEvent('held_back', { userId: user.id, address, reason: 'sign_in' });
		return 'held back';
	}
	if (user.passwordHash && (await verifyPassword(user.passwordHash, password))) {
		await forgetTries('signInAccount', account);
		return 'right';
	}
	await recordSecurityEvent('password_confirm_failed', { userId: user.id, address });
	return 'wrong';
}

/** A signed-in person's new password (their current one already confirmed). */
export async function changePassword(user: SessionUser, password: string): Promise<void> {
	const passwordHash = await hashPassword(password);
	await transaction(
		async (tx) => await replacePassword(tx, user, passwordHash, 'account.password_changed'),
		{ behavior: 'immediate' }
	);
}
