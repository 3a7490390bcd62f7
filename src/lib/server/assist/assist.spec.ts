import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/policy';
import { bookSlot } from '../appointments/booking';
import { activityOf } from '../audit';
import { createSession, validateSessionToken } from '../auth/session';
import { database, tables } from '../db';
import { aPatient, aService } from '../test-data';
import {
	assistedContext,
	endAssistedSession,
	findResident,
	registerResident,
	sessionSummary,
	startAssistedSession
} from './assist';

const db = database();
const { location, service } = await aService();
// The real clock: the activity log stamps entries with the database's own time.
const now = new Date();
const maureen = (
	await db
		.insert(tables.patients)
		.values({
			givenName: 'Maureen',
			familyName: 'Kelly',
			dateOfBirth: '1939-11-30',
			postcode: 'E20 2WS'
		})
		.returning()
)[0]!;
const linkWorkerUser = (
	await db
		.insert(tables.users)
		.values({ email: 'lw@example.org', passwordHash: 'x', role: 'link_worker' })
		.returning()
)[0]!;
const sam: Actor = {
	userId: linkWorkerUser.id,
	role: 'link_worker',
	patientId: null,
	organisationId: null
};
const details = {
	givenName: 'maureen',
	familyName: 'KELLY',
	dateOfBirth: '1939-11-30',
	postcode: 'e202ws'
};

async function browser() {
	const { token } = await createSession(sam.userId, now, { sharedDevice: true });
	return async () => (await validateSessionToken(token, now))!.session;
}

describe('assisted sessions', () => {
	it('finds a resident only when every detail matches', async () => {
		const session = await browser();
		expect(
			await findResident(sam, (await session()).id, { ...details, postcode: 'E20 2WT' })
		).toBeNull();
		expect(
			await findResident(sam, (await session()).id, { ...details, dateOfBirth: '1939-11-29' })
		).toBeNull();
		expect((await session()).assistFoundPatientId).toBeNull();
		expect((await findResident(sam, (await session()).id, details))?.id).toBe(maureen.id);
		expect((await session()).assistFoundPatientId).toBe(maureen.id);
		// Staff meet residents too (to record who acts for them), but only link workers help.
		expect((await findResident({ ...sam, role: 'staff' }, (await session()).id, details))?.id).toBe(
			maureen.id
		);
		const consent = { method: 'in_person_verbal' as const, place: 'Hub', minutes: 60 };
		expect(
			await startAssistedSession({ ...sam, role: 'staff' }, await session(), consent, now)
		).toBe(false);
	});

	it('starts only for the resident found, books for her, ends, and summarises', async () => {
		const session = await browser();
		const consent = { method: 'in_person_verbal' as const, place: 'Hub', minutes: 60 };
		expect(await startAssistedSession(sam, await session(), consent, now)).toBe(false);
		await findResident(sam, (await session()).id, details);
		expect(await startAssistedSession(sam, await session(), consent, now)).toBe(true);
		const assistedSessionId = (await session()).assistedSessionId!;
		const context = (await assistedContext(sam, (await session()).id, assistedSessionId, now))!;
		expect(context.subject.patientId).toBe(maureen.id);
		expect(context.endsAt).toEqual(new Date(now.getTime() + 60 * 60_000));

		const startsAt = new Date(now.getTime() + 48 * 60 * 60_000);
		const slot = (
			await db
				.insert(tables.slots)
				.values({
					serviceId: service.id,
					locationId: location.id,
					mode: 'phone',
					startsAt,
					endsAt: new Date(startsAt.getTime() + 15 * 60_000)
				})
				.returning()
		)[0]!;
		const acting = {
			actor: sam,
			subject: context.subject,
			via: 'assisted' as const,
			grant: context.grant
		};
		const booked = await bookSlot(acting, { slotId: slot.id, needs: {} }, now);
		expect(booked.ok).toBe(true);

		const later = new Date(now.getTime() + 10 * 60_000);
		expect(await endAssistedSession(sam, (await session()).id, assistedSessionId, later)).toBe(
			assistedSessionId
		);
		expect((await session()).assistedSessionId).toBeNull();
		expect(await assistedContext(sam, (await session()).id, assistedSessionId, later)).toBeNull();
		const summary = (await sessionSummary(sam, assistedSessionId))!;
		expect(summary.done.map((entry) => entry.action)).toEqual(['appointment.booked']);
		// Maureen has no account and chose no way to be reached: the printed copy is hers.
		expect(summary.copySentBy).toBeNull();
		expect(await sessionSummary({ ...sam, userId: 999 }, assistedSessionId)).toBeNull();
		// In Maureen's own log, it is the link worker's doing, with her consent.
		const maureenSelf = {
			actor: { ...sam, role: 'patient' as const, patientId: maureen.id },
			subject: context.subject,
			via: 'self' as const
		};
		expect((await activityOf(maureenSelf)).entries.map((entry) => entry.via)).toEqual([
			'assisted',
			'assisted',
			'assisted'
		]);
	});

	// Hazard H-008: an assisted session left open on a shared device.
	it('ends by itself when its time is up', async () => {
		const session = await browser();
		await findResident(sam, (await session()).id, details);
		await startAssistedSession(
			sam,
			await session(),
			{ method: 'in_writing', place: 'Hub', minutes: 30 },
			now
		);
		const id = (await session()).assistedSessionId!;
		expect(
			await assistedContext(sam, (await session()).id, id, new Date(now.getTime() + 29 * 60_000))
		).not.toBeNull();
		expect(
			await assistedContext(sam, (await session()).id, id, new Date(now.getTime() + 30 * 60_000))
		).toBeNull();
		expect((await session()).assistedSessionId).toBeNull();
	});

	it('is not for patients', async () => {
		const patient = await aPatient('NotAWorker');
		const { token } = await createSession(patient.actor!.userId, now);
		const session = (await validateSessionToken(token, now))!.session;
		expect(await findResident(patient.actor!, session.id, details)).toBeNull();
	});

	it('registers a resident without phone or email once, and holds them as found', async () => {
		const session = await browser();
		const newcomer = {
			givenName: 'Ada',
			familyName: 'Nwosu',
			dateOfBirth: '1950-02-01',
			postcode: 'E15 4AB',
			nhsNumber: '9434765919',
			reachBy: 'letter' as const,
			address: '4 Mill Lane\nStratford'
		};
		expect(
			await registerResident((await aPatient('Nosy')).actor!, (await session()).id, newcomer)
		).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		const registered = await registerResident(sam, (await session()).id, newcomer);
		expect(registered.ok).toBe(true);
		expect((await session()).assistFoundPatientId).toBe(registered.ok ? registered.patientId : -1);
		expect(
			await registerResident(sam, (await session()).id, { ...newcomer, postcode: 'e154ab' })
		).toEqual({
			ok: false,
			reason: 'already-registered'
		});
		// Her NHS number under other details is refused in the same words: which one matched is
		// not for the caller to learn.
		expect(
			await registerResident(sam, (await session()).id, { ...newcomer, givenName: 'Adaeze' })
		).toEqual({
			ok: false,
			reason: 'already-registered'
		});
	});

	it('sends the resident their copy of the summary by the way they chose', async () => {
		const session = await browser();
		const lettered = {
			givenName: 'Letty',
			familyName: 'Post',
			dateOfBirth: '1945-06-01',
			postcode: 'E20 1AA',
			nhsNumber: null,
			reachBy: 'letter' as const,
			address: '1 Street\nEastmere'
		};
		const registered = await registerResident(sam, (await session()).id, lettered);
		if (!registered.ok) throw new Error('not registered');
		await startAssistedSession(
			sam,
			await session(),
			{ method: 'in_writing', place: 'Hub', minutes: 30 },
			now
		);
		const id = (await session()).assistedSessionId!;
		await endAssistedSession(sam, (await session()).id, id, new Date(now.getTime() + 60_000));
		expect((await sessionSummary(sam, id))!.copySentBy).toBe('letter');
		const letter = (await db.select().from(tables.outbox)).find(
			(message) => message.patientId === registered.patientId
		)!;
		expect(letter.kind).toBe('assist.summary');
		expect(letter.channel).toBe('letter');
		expect(letter.recipient).toBe('Letty Post\n1 Street\nEastmere\nE20 1AA');
		expect(letter.body).toContain('Nothing was changed in this session.');
	});

	// Issue 26: "End session" pressed twice, the two presses reaching two instances over one
	// PostgreSQL at the same moment.
	it('ends once, with one summary sent and logged once, however many end it at once', async () => {
		const session = await browser();
		const registered = await registerResident(sam, (await session()).id, {
			givenName: 'Endy',
			familyName: `Twice${Math.floor(Math.random() * 1e9)}`,
			dateOfBirth: '1950-02-01',
			postcode: 'E20 1AA',
			nhsNumber: null,
			reachBy: 'letter' as const,
			address: '2 Street\nEastmere'
		});
		if (!registered.ok) throw new Error('not registered');
		await startAssistedSession(
			sam,
			await session(),
			{ method: 'in_writing', place: 'Hub', minutes: 30 },
			now
		);
		const id = (await session()).assistedSessionId!;
		const sessionId = (await session()).id;
		const ended = await Promise.all(
			Array.from({ length: 6 }, () =>
				endAssistedSession(sam, sessionId, id, new Date(now.getTime() + 60_000))
			)
		);
		// Every press is shown the summary; one ended it.
		expect(ended).toEqual(Array.from({ length: 6 }, () => id));
		const copies = (await db.select().from(tables.outbox)).filter(
			(message) => message.patientId === registered.patientId && message.kind === 'assist.summary'
		);
		expect(copies).toHaveLength(1);
		const logged = (await db.select().from(tables.activityLog)).filter(
			(entry) => entry.subjectPatientId === registered.patientId && entry.action === 'assist.ended'
		);
		expect(logged).toHaveLength(1);
	});

	it('starts once, logged once, however many start it at once', async () => {
		const session = await browser();
		const registered = await registerResident(sam, (await session()).id, {
			givenName: 'Starty',
			familyName: `Twice${Math.floor(Math.random() * 1e9)}`,
			dateOfBirth: '1950-02-01',
			postcode: 'E20 1AA',
			nhsNumber: null,
			reachBy: 'letter' as const,
			address: '3 Street\nEastmere'
		});
		if (!registered.ok) throw new Error('not registered');
		const found = await session();
		const consent = { method: 'in_writing' as const, place: 'Hub', minutes: 30 };
		const started = await Promise.all(
			Array.from({ length: 6 }, () => startAssistedSession(sam, found, consent, now))
		);
		// Every press goes on into the one session started.
		expect(started).toEqual(Array.from({ length: 6 }, () => true));
		const assisted = (await db.select().from(tables.assistedSessions)).filter(
			(row) => row.patientId === registered.patientId
		);
		expect(assisted).toHaveLength(1);
		expect((await session()).assistedSessionId).toBe(assisted[0]!.id);
		const logged = (await db.select().from(tables.activityLog)).filter(
			(entry) =>
				entry.subjectPatientId === registered.patientId && entry.action === 'assist.started'
		);
		expect(logged).toHaveLength(1);
	});
});
