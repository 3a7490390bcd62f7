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

beforeAll(() => {
	userId = database()
		.insert(tables.users)
		.values({ email: 'session@example.org', passwordHash: 'not-used-here' })
		.returning()
		.get().id;
});

const minutes = (n: number) => n * 60 * 1000;

describe('sessions', () => {
	it('stores only a hash of the secret, never the token', () => {
		const { token } = createSession(userId);
		const [id, secret] = token.split('.');
		const row = database().select().from(tables.sessions).where(eq(tables.sessions.id, id!)).get()!;
		expect(row.secretHash.length).toBe(32);
		expect(row.secretHash.toString('utf8')).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('validates the token it issued and finds its user', () => {
		const { token } = createSession(userId);
		expect(validateSessionToken(token)?.user.id).toBe(userId);
	});

	it('refuses a token whose secret is wrong or malformed', () => {
		const { token } = createSession(userId);
		const [id] = token.split('.');
		expect(validateSessionToken(`${id}.${'a'.repeat(39)}`)).toBeNull();
		expect(validateSessionToken(`${token}.extra`)).toBeNull();
		expect(validateSessionToken(id!)).toBeNull();
		expect(validateSessionToken('')).toBeNull();
	});

	it('ends a session left idle, and deletes it', () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token, session } = createSession(userId, start);
		expect(validateSessionToken(token, new Date(start.getTime() + idleTimeoutMs + 1))).toBeNull();
		expect(
			database().select().from(tables.sessions).where(eq(tables.sessions.id, session.id)).get()
		).toBeUndefined();
	});

	it('slides forward while used, until the absolute limit', () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token } = createSession(userId, start);
		let now = start.getTime();
		// Used every 20 minutes: never idle for 30, so it lasts until 12 hours have passed.
		while (now + minutes(20) < start.getTime() + absoluteTimeoutMs) {
			now += minutes(20);
			expect(validateSessionToken(token, new Date(now))).not.toBeNull();
		}
		expect(validateSessionToken(token, new Date(start.getTime() + absoluteTimeoutMs))).toBeNull();
	});
});

describe('sessions on a shared device', () => {
	it('end after 15 minutes without use rather than 30', () => {
		const start = new Date('2026-11-23T09:00:00Z');
		const { token, session } = createSession(userId, start, { sharedDevice: true });
		expect(session.sharedDevice).toBe(true);
		const later = (ms: number) => new Date(start.getTime() + ms);
		expect(validateSessionToken(token, later(sharedIdleTimeoutMs - 1000))).not.toBeNull();
		expect(validateSessionToken(token, later(2 * sharedIdleTimeoutMs + 1000))).toBeNull();
		expect(sharedIdleTimeoutMs).toBe(15 * 60 * 1000);
	});

	it('lists an account’s devices by browser and system, and ends only its own sessions', () => {
		const otherUser = database()
			.insert(tables.users)
			.values({ email: 'devices-other@example.org', passwordHash: 'not-used-here' })
			.returning()
			.get().id;
		const owner = database()
			.insert(tables.users)
			.values({ email: 'devices@example.org', passwordHash: 'not-used-here' })
			.returning()
			.get().id;
		const android =
			'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
		const phone = createSession(owner, new Date(), { userAgent: android }).session;
		const laptop = createSession(owner, new Date(), { userAgent: '' }).session;
		const theirs = createSession(otherUser).session;

		const listed = sessionsOf(owner);
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
		expect(endSessionOf(owner, theirs.id)).toBe(false);
		expect(sessionsOf(otherUser)).toHaveLength(1);
		expect(endSessionOf(owner, laptop.id)).toBe(true);
		createSession(owner);
		expect(endOtherSessions(owner, phone.id)).toBe(1);
		expect(sessionsOf(owner).map((session) => session.id)).toEqual([phone.id]);
	});
});

describe('kept signed in, and the password typed again', () => {
	it('keeps a session 30 days whether used or not, never on a shared device', () => {
		const start = new Date('2026-03-01T09:00:00Z');
		const kept = createSession(userId, start, { keepSignedIn: true });
		expect(kept.session.keptSignedIn).toBe(true);
		expect(cookieExpiry(kept.session)).toEqual(new Date(start.getTime() + keptSignedInMs));
		// A week untouched is nothing to a kept session; a plain one ends after 30 minutes.
		const aWeekOn = new Date(start.getTime() + 7 * 24 * minutes(60));
		expect(validateSessionToken(kept.token, aWeekOn)?.session.id).toBe(kept.session.id);
		const plain = createSession(userId, start);
		expect(validateSessionToken(plain.token, new Date(start.getTime() + minutes(31)))).toBeNull();
		// Thirty days after signing in it ends, however recently it was used.
		const lastDay = new Date(start.getTime() + keptSignedInMs - minutes(1));
		expect(validateSessionToken(kept.token, lastDay)).not.toBeNull();
		expect(validateSessionToken(kept.token, new Date(start.getTime() + keptSignedInMs))).toBeNull();

		const shared = createSession(userId, start, { sharedDevice: true, keepSignedIn: true });
		expect(shared.session.keptSignedIn).toBe(false);
		expect(validateSessionToken(shared.token, new Date(start.getTime() + minutes(16)))).toBeNull();
	});

	it('knows when the password was last typed, for 15 minutes', () => {
		const start = new Date('2026-03-02T09:00:00Z');
		const { token, session } = createSession(userId, start, { keepSignedIn: true });
		expect(passwordRecentlyGiven(session, new Date(start.getTime() + minutes(14)))).toBe(true);
		const later = new Date(start.getTime() + minutes(16));
		expect(passwordRecentlyGiven(session, later)).toBe(false);
		notePasswordGiven(session.id, later);
		const again = validateSessionToken(token, later)!.session;
		expect(again.passwordGivenAt).toEqual(later);
		expect(passwordRecentlyGiven(again, new Date(later.getTime() + minutes(1)))).toBe(true);
	});

	it('ends every session of an account and no one else’s', () => {
		const owner = database()
			.insert(tables.users)
			.values({ email: 'everywhere@example.org', passwordHash: 'not-used-here' })
			.returning()
			.get().id;
		const first = createSession(owner);
		createSession(owner, new Date(), { keepSignedIn: true });
		const theirs = createSession(userId);
		expect(endAllSessions(owner)).toBe(2);
		expect(validateSessionToken(first.token)).toBeNull();
		expect(validateSessionToken(theirs.token)).not.toBeNull();
	});
});
