// Creating accounts and checking who someone is when they sign in.
import { eq } from 'drizzle-orm';
import { actorFor, type ActingContext } from '../access';
import { recordActivity } from '../audit';
import { database, tables } from '../db';
import type { SignInIdentifier } from './identifier';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './password';
import type { LanguageCode } from '$lib/i18n/languages';
import type { SessionUser } from './session';

function identifierColumn(identifier: SignInIdentifier) {
	return identifier.kind === 'email' ? tables.users.email : tables.users.mobile;
}

function findUserByIdentifier(identifier: SignInIdentifier): SessionUser | undefined {
	return database()
		.select()
		.from(tables.users)
		.where(eq(identifierColumn(identifier), identifier.value))
		.get();
}

export type RegistrationResult = { ok: true; user: SessionUser } | { ok: false; reason: 'taken' };

/** A new resident's account. They are a patient; their patient record is linked later. */
export async function registerAccount(
	identifier: SignInIdentifier,
	password: string
): Promise<RegistrationResult> {
	const passwordHash = await hashPassword(password);
	const db = database();
	return db.transaction(
		(tx) => {
			const existing = tx
				.select({ id: tables.users.id })
				.from(tables.users)
				.where(eq(identifierColumn(identifier), identifier.value))
				.get();
			if (existing) return { ok: false, reason: 'taken' } as const;
			const user = tx
				.insert(tables.users)
				.values({ [identifier.kind]: identifier.value, passwordHash, role: 'patient' })
				.returning()
				.get();
			recordActivity(
				tx,
				{ actor: actorFor(user), subject: null, via: 'self' },
				'account.registered',
				{ signInWith: identifier.kind }
			);
			return { ok: true, user } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** The account an identifier names, if any: for the security log of a failed sign-in. */
export function accountIdFor(identifier: SignInIdentifier): number | null {
	return findUserByIdentifier(identifier)?.id ?? null;
}

/** The user for these credentials, or null. Takes as long for an unknown account as a known one. */
export async function authenticate(
	identifier: SignInIdentifier,
	password: string
): Promise<SessionUser | null> {
	const user = findUserByIdentifier(identifier);
	if (!user) return verifyAgainstDecoy(password).then(() => null);
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

/** Remembers the language a signed-in person chose, for every device they use. */
export function setAccountLanguage(context: ActingContext, language: LanguageCode): void {
	const actor = context.actor;
	if (!actor) return;
	database().transaction(
		(tx) => {
			tx.update(tables.users).set({ language }).where(eq(tables.users.id, actor.userId)).run();
			recordActivity(tx, context, 'account.language_changed', { language });
		},
		{ behavior: 'immediate' }
	);
}
