// Sessions after Lucia's design, written here because the `lucia` package is deprecated.
// The cookie holds `<id>.<secret>`; the database holds the id and a SHA-256 of the secret only,
// compared in constant time, so a leaked database cannot be turned into live sessions.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import Bowser from 'bowser';
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import { changedRows, database, tables } from '../db';
import { identityLevels, type IdentityLevel } from '../db/schema';
import { holdsNul } from '../nul';

export const sessionCookieName = 'session';

/** A session ends after this long without use. */
export const idleTimeoutMs = 30 * 60 * 1000;
/** Or this long, on a shared or public device (always, for link workers). */
export const sharedIdleTimeoutMs = 15 * 60 * 1000;
/** And after this long whatever happens. */
export const absoluteTimeoutMs = 12 * 60 * 60 * 1000;
/** "Keep me signed in on this device" (never on a shared one): this long, in use or not. */
export const keptSignedInMs = 30 * 24 * 60 * 60 * 1000;

export type Session = {
	id: string;
	userId: number;
	createdAt: Date;
	expiresAt: Date;
	sharedDevice: boolean;
	keptSignedIn: boolean;
	/**
	 * When the password was last typed in this session (or, signed in through NHS login, when the
	 * person last signed in there).
	 */
	passwordGivenAt: Date;
	/** The level NHS login proved for this session (P0, P5, P9); null when signed in with a password. */
	identityLevel: IdentityLevel | null;
	/** Whose care a proxy is managing in this session; null for their own. */
	actingForPatientId: number | null;
	/** The resident a link worker found and may ask for consent. */
	assistFoundPatientId: number | null;
	/** The assisted session a link worker is running here. */
	assistedSessionId: number | null;
};

type Kind = { sharedDevice: boolean; keptSignedIn: boolean };
const idleTimeoutOf = (session: Kind) =>
	session.sharedDevice
		? sharedIdleTimeoutMs
		: session.keptSignedIn
			? keptSignedInMs
			: idleTimeoutMs;
const absoluteEndOf = (session: Kind & { createdAt: Date }) =>
	session.createdAt.getTime() + (session.keptSignedIn ? keptSignedInMs : absoluteTimeoutMs);
export type SessionUser = typeof tables.users.$inferSelect;

/** 192 random bits, as text: a session's id and secret, and a reset's new-password secret. */
export function randomSecret(): string {
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** What is stored of a secret: its SHA-256, never the secret itself. */
export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(
	userId: number,
	now = new Date(),
	{
		sharedDevice = false,
		keepSignedIn = false,
		userAgent = '',
		identityLevel = null
	}: {
		sharedDevice?: boolean;
		keepSignedIn?: boolean;
		userAgent?: string;
		identityLevel?: IdentityLevel | null;
	} = {}
): Promise<{ token: string; session: Session }> {
	const id = randomSecret();
	const secret = randomSecret();
	// A shared device is never kept signed in, whatever was asked.
	const keptSignedIn = keepSignedIn && !sharedDevice;
	const session: Session = {
		id,
		userId,
		createdAt: now,
		expiresAt: new Date(now.getTime() + idleTimeoutOf({ sharedDevice, keptSignedIn })),
		sharedDevice,
		keptSignedIn,
		passwordGivenAt: now,
		identityLevel,
		actingForPatientId: null,
		assistFoundPatientId: null,
		assistedSessionId: null
	};
	await database()
		.insert(tables.sessions)
		.values({
			...session,
			secretHash: Buffer.from(hashSecret(secret)),
			...deviceOf(userAgent)
		});
	return { token: `${id}.${secret}`, session };
}

/** The session and its user for a cookie's token, sliding the expiry forward; null when not valid. */
export async function validateSessionToken(
	token: string,
	now = new Date()
): Promise<{ session: Session; user: SessionUser } | null> {
	const [id, secret, extra] = token.split('.');
	// The cookie is as the browser sent it; no id of ours holds NUL, which PostgreSQL cannot compare.
	if (!id || !secret || extra !== undefined || holdsNul(id)) return null;
	const db = database();
	const row = (
		await db
			.select({ session: tables.sessions, user: tables.users })
			.from(tables.sessions)
			.innerJoin(tables.users, eq(tables.sessions.userId, tables.users.id))
			.where(eq(tables.sessions.id, id))
	)[0];
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.session.secretHash))) return null;

	const absoluteEnd = absoluteEndOf(row.session);
	if (now.getTime() >= row.session.expiresAt.getTime() || now.getTime() >= absoluteEnd) {
		await invalidateSession(id);
		return null;
	}
	let expiresAt = row.session.expiresAt;
	// Write at most once per half idle period rather than on every request.
	const idle = idleTimeoutOf(row.session);
	if (expiresAt.getTime() - now.getTime() < idle / 2) {
		expiresAt = new Date(Math.min(now.getTime() + idle, absoluteEnd));
		await db.update(tables.sessions).set({ expiresAt }).where(eq(tables.sessions.id, id));
	}
	const { userId, createdAt, sharedDevice, keptSignedIn, actingForPatientId } = row.session;
	const { assistFoundPatientId, assistedSessionId } = row.session;
	return {
		session: {
			id,
			userId,
			createdAt,
			expiresAt,
			sharedDevice,
			keptSignedIn,
			passwordGivenAt: row.session.passwordGivenAt ?? createdAt,
			identityLevel: row.session.identityLevel,
			actingForPatientId,
			assistFoundPatientId,
			assistedSessionId
		},
		user: row.user
	};
}

/** Names of the browser and system only (no version, nothing that picks one person out). */
function deviceOf(userAgent: string): { browser: string | null; system: string | null } {
	if (!userAgent.trim()) return { browser: null, system: null };
	const parsed = Bowser.parse(userAgent.slice(0, 512));
	return { browser: parsed.browser.name || null, system: parsed.os.name || null };
}

/** The sessions signed in to this account and not yet expired, newest first. */
export async function sessionsOf(userId: number, now = new Date()) {
	const { sessions } = tables;
	return (
		await database()
			.select({
				id: sessions.id,
				createdAt: sessions.createdAt,
				sharedDevice: sessions.sharedDevice,
				keptSignedIn: sessions.keptSignedIn,
				browser: sessions.browser,
				system: sessions.system
			})
			.from(sessions)
			.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
			.orderBy(desc(sessions.createdAt))
	)
		.filter((session) => now.getTime() < absoluteEndOf(session))
		.map((session) => ({
			...session,
			keptUntil: session.keptSignedIn ? new Date(absoluteEndOf(session)) : null
		}));
}

/** Ends one of the account's sessions; false when it is not theirs (or already ended). */
export async function endSessionOf(userId: number, id: string): Promise<boolean> {
	// The id is as a form sent it; no id of ours holds NUL, which PostgreSQL cannot compare.
	if (holdsNul(id)) return false;
	const { sessions } = tables;
	return (
		changedRows(
			await database()
				.delete(sessions)
				.where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
		) > 0
	);
}

/** Ends every session of the account but the one given; how many ended. */
export async function endOtherSessions(userId: number, keepId: string): Promise<number> {
	const { sessions } = tables;
	return changedRows(
		await database()
			.delete(sessions)
			.where(and(eq(sessions.userId, userId), ne(sessions.id, keepId)))
	);
}

/** Ends every session of the account, as a new password does; how many ended. */
export async function endAllSessions(userId: number): Promise<number> {
	return changedRows(
		await database().delete(tables.sessions).where(eq(tables.sessions.userId, userId))
	);
}

/** The password has just been typed again in this session. */
export async function notePasswordGiven(id: string, now = new Date()): Promise<void> {
	await database()
		.update(tables.sessions)
		.set({ passwordGivenAt: now })
		.where(eq(tables.sessions.id, id));
}

/**
 * The person has just signed in again through NHS login in this session: as recent as a typed
 * password, and at the level reached, when that is higher than the session had.
 */
export async function noteNhsLoginAgain(
	session: Session,
	level: IdentityLevel,
	now = new Date()
): Promise<void> {
	const higher =
		session.identityLevel === null ||
		identityLevels.indexOf(level) > identityLevels.indexOf(session.identityLevel);
	await database()
		.update(tables.sessions)
		.set({ passwordGivenAt: now, ...(higher ? { identityLevel: level } : {}) })
		.where(eq(tables.sessions.id, session.id));
}

export async function invalidateSession(id: string): Promise<void> {
	await database().delete(tables.sessions).where(eq(tables.sessions.id, id));
}

/** When the session cookie should stop being sent: the absolute end of the session. */
export function cookieExpiry(session: Session): Date {
	return new Date(absoluteEndOf(session));
}
