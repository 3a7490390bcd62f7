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
const { location, service } = aService();
// The real clock: the activity log stamps entries with the database's own time.
const now = new Date();
const maureen = db
	.insert(tables.patients)
	.values({
		givenName: 'Maureen',
		familyName: 'Kelly',
		dateOfBirth: '1939-11-30',
		postcode: 'E20 2WS'
	})
	.returning()
	.get();
const linkWorkerUser = db
	.insert(tables.users)
	.values({ email: 'lw@example.org', passwordHash: 'x', role: 'link_worker' })
	.returning()
	.get();
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

function browser() {
	const { token } = createSession(sam.userId, now, { sharedDevice: true });
	return () => validateSessionToken(token, now)!.session;
}

describe('assisted sessions', () => {
	it('finds a resident only when every detail matches', () => {
		const session = browser();
		expect(findResident(sam, session().id, { ...details, postcode: 'E20 2WT' })).toBeNull();
		expect(findResident(sam, session().id, { ...details, dateOfBirth: '1939-11-29' })).toBeNull();
		expect(session().assistFoundPatientId).toBeNull();
		expect(findResident(sam, session().id, details)?.id).toBe(maureen.id);
		expect(session().assistFoundPatientId).toBe(maureen.id);
		// Staff meet residents too (to record who acts for them), but only link workers help.
		expect(findResident({ ...sam, role: 'staff' }, session().id, details)?.id).toBe(maureen.id);
		const consent = { method: 'in_person_verbal' as const, place: 'Hub', minutes: 60 };
		expect(startAssistedSession({ ...sam, role: 'staff' }, session(), consent, now)).toBe(false);
	});

	it('starts only for the resident found, books for her, ends, and summarises', () => {
		const session = browser();
		const consent = { method: 'in_person_verbal' as const, place: 'Hub', minutes: 60 };
		expect(startAssistedSession(sam, session(), consent, now)).toBe(false);
		findResident(sam, session().id, details);
		expect(startAssistedSession(sam, session(), consent, now)).toBe(true);
		const assistedSessionId = session().assistedSessionId!;
		const context = assistedContext(sam, session().id, assistedSessionId, now)!;
		expect(context.subject.patientId).toBe(maureen.id);
		expect(context.endsAt).toEqual(new Date(now.getTime() + 60 * 60_000));

		const startsAt = new Date(now.getTime() + 48 * 60 * 60_000);
		const slot = db
			.insert(tables.slots)
			.values({
				serviceId: service.id,
				locationId: location.id,
				mode: 'phone',
				startsAt,
				endsAt: new Date(startsAt.getTime() + 15 * 60_000)
			})
			.returning()
			.get();
		const acting = {
			actor: sam,
			subject: context.subject,
			via: 'assisted' as const,
			grant: context.grant
		};
		const booked = bookSlot(acting, { slotId: slot.id, needs: {} }, now);
		expect(booked.ok).toBe(true);

		const later = new Date(now.getTime() + 10 * 60_000);
		expect(endAssistedSession(sam, session().id, assistedSessionId, later)).toBe(assistedSessionId);
		expect(session().assistedSessionId).toBeNull();
		expect(assistedContext(sam, session().id, assistedSessionId, later)).toBeNull();
		const summary = sessionSummary(sam, assistedSessionId)!;
		expect(summary.done.map((entry) => entry.action)).toEqual(['appointment.booked']);
		// Maureen has no account and chose no way to be reached: the printed copy is hers.
		expect(summary.copySentBy).toBeNull();
		expect(sessionSummary({ ...sam, userId: 999 }, assistedSessionId)).toBeNull();
		// In Maureen's own log, it is the link worker's doing, with her consent.
		const maureenSelf = {
			actor: { ...sam, role: 'patient' as const, patientId: maureen.id },
			subject: context.subject,
			via: 'self' as const
		};
		expect(activityOf(maureenSelf).entries.map((entry) => entry.via)).toEqual([
			'assisted',
			'assisted',
			'assisted'
		]);
	});

	// Hazard H-008: an assisted session left open on a shared device.
	it('ends by itself when its time is up', () => {
		const session = browser();
		findResident(sam, session().id, details);
		startAssistedSession(sam, session(), { method: 'in_writing', place: 'Hub', minutes: 30 }, now);
		const id = session().assistedSessionId!;
		expect(
			assistedContext(sam, session().id, id, new Date(now.getTime() + 29 * 60_000))
		).not.toBeNull();
		expect(
			assistedContext(sam, session().id, id, new Date(now.getTime() + 30 * 60_000))
		).toBeNull();
		expect(session().assistedSessionId).toBeNull();
	});

	it('is not for patients', () => {
		const patient = aPatient('NotAWorker');
		const { token } = createSession(patient.actor!.userId, now);
		const session = validateSessionToken(token, now)!.session;
		expect(findResident(patient.actor!, session.id, details)).toBeNull();
	});

	it('registers a resident without phone or email once, and holds them as found', () => {
		const session = browser();
		const newcomer = {
			givenName: 'Ada',
			familyName: 'Nwosu',
			dateOfBirth: '1950-02-01',
			postcode: 'E15 4AB',
			nhsNumber: '9434765919',
			reachBy: 'letter' as const,
			address: '4 Mill Lane\nStratford'
		};
		expect(registerResident(aPatient('Nosy').actor!, session().id, newcomer)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		const registered = registerResident(sam, session().id, newcomer);
		expect(registered.ok).toBe(true);
		expect(session().assistFoundPatientId).toBe(registered.ok ? registered.patientId : -1);
		expect(registerResident(sam, session().id, { ...newcomer, postcode: 'e154ab' })).toEqual({
			ok: false,
			reason: 'already-registered'
		});
		// Her NHS number under other details is refused in the same words: which one matched is
		// not for the caller to learn.
		expect(registerResident(sam, session().id, { ...newcomer, givenName: 'Adaeze' })).toEqual({
			ok: false,
			reason: 'already-registered'
		});
	});

	it('sends the resident their copy of the summary by the way they chose', () => {
		const session = browser();
		const lettered = {
			givenName: 'Letty',
			familyName: 'Post',
			dateOfBirth: '1945-06-01',
			postcode: 'E20 1AA',
			nhsNumber: null,
			reachBy: 'letter' as const,
			address: '1 Street\nEastmere'
		};
		const registered = registerResident(sam, session().id, lettered);
		if (!registered.ok) throw new Error('not registered');
		startAssistedSession(sam, session(), { method: 'in_writing', place: 'Hub', minutes: 30 }, now);
		const id = session().assistedSessionId!;
		endAssistedSession(sam, session().id, id, new Date(now.getTime() + 60_000));
		expect(sessionSummary(sam, id)!.copySentBy).toBe('letter');
		const letter = db
			.select()
			.from(tables.outbox)
			.all()
			.find((message) => message.patientId === registered.patientId)!;
		expect(letter.kind).toBe('assist.summary');
		expect(letter.channel).toBe('letter');
		expect(letter.recipient).toBe('Letty Post\n1 Street\nEastmere\nE20 1AA');
		expect(letter.body).toContain('Nothing was changed in this session.');
	});
});
