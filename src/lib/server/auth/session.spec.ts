import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { database, tables } from '../db';
import {
	absoluteTimeoutMs,
	cookieExpiry,
	createSession,
	endAllSessions,
	endOtherSessions,
	endSessionOf,
	idleTimeoutMs,
	keptSignedInMs,
	notePasswordGiven,
	sessionsOf,
	sharedIdleTimeoutMs,
	validateSessionToken
} from './session';
import { passwordRecentlyGiven } from '../access/policy';

let userId: number;

beforeAll(async () => {
	userId = (
		await database()
			.insert(tables.users)
			.values({ email: 'session@example.org', passwordHash: 'not-used-here' })
			.returning()
	)[0]!.id;
});

const minutes = (n: number) => n * 60 * 1000;

describe('sessions', () => {
	it('stores only a hash of the secret, never the token', async () => {
		const { token } = await createSession(userId);
		const [id, secret] = token.split('.');
		const row = (
			await database().select().from(tables.sessions).where(eq(tables.sessions.id, id!))
		)[0]!;
		expect(row.secretHash.length).toBe(32);
		expect(row.secretHash.toString('utf8')).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('validates the token it issued and finds its user', async () => {
		const { token } = await createSession(userId);
		expect((await validateSessionToken(token))?.user.id).toBe(userId);
	});

	it('refuses a token whose secret is wrong or malformed', async () => {
		const { token } = await createSession(userId);
		const [id] = token.split('.');
		expect(await validateSessionToken(`${id}.${'a'.repeat(39)}`)).toBeNull();
		expect(await validateSessionToken(`${token}.extra`)).toBeNull();
		expect(await validateSessionToken(id!)).toBeNull();
		expect(await validateSessionToken('')).toBeNull();
		// A cookie is as the browser sent it (`%00` decoded): PostgreSQL's text cannot hold NUL.
		const [, secret] = token.split('.');
		expect(await validateSessionToken(`${id}\u0000.${secret}`)).toBeNull();
	});

	it('ends a session left idle, and deletes it', async () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token, session } = await createSession(userId, start);
		expect(
			await validateSessionToken(token, new Date(start.getTime() + idleTimeoutMs + 1))
		).toBeNull();
		expect(
			(await database().select().from(tables.sessions).where(eq(tables.sessions.id, session.id)))[0]
		).toBeUndefined();
	});

	it('slides forward while used, until the absolute limit', async () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token } = await createSession(userId, start);
		let now = start.getTime();
		// Used every 20 minutes: never idle for 30, so it lasts until 12 hours have passed.
		while (now + minutes(20) < start.getTime() + absoluteTimeoutMs) {
			now += minutes(20);
			expect(await validateSessionToken(token, new Date(now))).not.toBeNull();
		}
		expect(
			await validateSessionToken(token, new Date(start.getTime() + absoluteTimeoutMs))
		).toBeNull();
	});
});

describe('sessions on a shared device', () => {
	it('end after 15 minutes without use rather than 30', async () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token, session } = await createSession(userId, start, { sharedDevice: true });
		expect(session.sharedDevice).toBe(true);
		const later = (ms: number) => new Date(start.getTime() + ms);
		expect(await validateSessionToken(token, later(sharedIdleTimeoutMs - 1000))).not.toBeNull();
		expect(await validateSessionToken(token, later(2 * sharedIdleTimeoutMs + 1000))).toBeNull();
		expect(sharedIdleTimeoutMs).toBe(15 * 60 * 1000);
	});

	it('lists an account’s devices by browser and system, and ends only its own sessions', async () => {
		const otherUser = (
			await database()
				.insert(tables.users)
				.values({ email: 'devices-other@example.org', passwordHash: 'not-used-here' })
				.returning()
		)[0]!.id;
		const owner = (
			await database()
				.insert(tables.users)
				.values({ email: 'devices@example.org', passwordHash: 'not-used-here' })
				.returning()
		)[0]!.id;
		const android =
			'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
		const phone = (await createSession(owner, new Date(), { userAgent: android })).session;
		const laptop = (await createSession(owner, new Date(), { userAgent: '' })).session;
		const theirs = (await createSession(otherUser)).session;

		const listed = await sessionsOf(owner);
		expect(listed.map((session) => session.id).sort()).toEqual([phone.id, laptop.id].sort());
		expect(listed.find((session) => session.id === phone.id)).toMatchObject({
			browser: 'Chrome',
			system: 'Android'
		});
		expect(listed.find((session) => session.id === laptop.id)).toMatchObject({
			browser: null,
			system: null
		});
		// Someone else's session cannot be ended from this account, whatever id is sent.
		expect(await endSessionOf(owner, theirs.id)).toBe(false);
		expect(await sessionsOf(otherUser)).toHaveLength(1);
		// The id is the form's, as sent: PostgreSQL's text cannot hold NUL (../nul.ts).
		expect(await endSessionOf(owner, `${laptop.id}\u0000`)).toBe(false);
		expect(await endSessionOf(owner, laptop.id)).toBe(true);
		await createSession(owner);
		expect(await endOtherSessions(owner, phone.id)).toBe(1);
		expect((await sessionsOf(owner)).map((session) => session.id)).toEqual([phone.id]);
	});
});

describe('kept signed in, and the password typed again', () => {
	it('keeps a session 30 days whether used or not, never on a shared device', async () => {
		const start = new Date('2026-03-01T09:00:00Z');
		const kept = await createSession(userId, start, { keepSignedIn: true });
		expect(kept.session.keptSignedIn).toBe(true);
		expect(cookieExpiry(kept.session)).toEqual(new Date(start.getTime() + keptSignedInMs));
		// A week untouched is nothing to a kept session; a plain one ends after 30 minutes.
		const aWeekOn = new Date(start.getTime() + 7 * 24 * minutes(60));
		expect((await validateSessionToken(kept.token, aWeekOn))?.session.id).toBe(kept.session.id);
		const plain = await createSession(userId, start);
		expect(
			await validateSessionToken(plain.token, new Date(start.getTime() + minutes(31)))
		).toBeNull();
		// Thirty days after signing in it ends, however recently it was used.
		const lastDay = new Date(start.getTime() + keptSignedInMs - minutes(1));
		expect(await validateSessionToken(kept.token, lastDay)).not.toBeNull();
		expect(
			await validateSessionToken(kept.token, new Date(start.getTime() + keptSignedInMs))
		).toBeNull();

		const shared = await createSession(userId, start, { sharedDevice: true, keepSignedIn: true });
		expect(shared.session.keptSignedIn).toBe(false);
		expect(
			await validateSessionToken(shared.token, new Date(start.getTime() + minutes(16)))
		).toBeNull();
	});

	it('knows when the password was last typed, for 15 minutes', async () => {
		const start = new Date('2026-03-02T09:00:00Z');
		const { token, session } = await createSession(userId, start, { keepSignedIn: true });
		expect(passwordRecentlyGiven(session, new Date(start.getTime() + minutes(14)))).toBe(true);
		const later = new Date(start.getTime() + minutes(16));
		expect(passwordRecentlyGiven(session, later)).toBe(false);
		await notePasswordGiven(session.id, later);
		const again = (await validateSessionToken(token, later))!.session;
		expect(again.passwordGivenAt).toEqual(later);
		expect(passwordRecentlyGiven(again, new Date(later.getTime() + minutes(1)))).toBe(true);
	});

	it('ends every session of an account and no one else’s', async () => {
		const owner = (
			await database()
				.insert(tables.users)
				.values({ email: 'everywhere@example.org', passwordHash: 'not-used-here' })
				.returning()
		)[0]!.id;
		const first = await createSession(owner);
		await createSession(owner, new Date(), { keepSignedIn: true });
		const theirs = await createSession(userId);
		expect(await endAllSessions(owner)).toBe(2);
		expect(await validateSessionToken(first.token)).toBeNull();
		expect(await validateSessionToken(theirs.token)).not.toBeNull();
	});
});
