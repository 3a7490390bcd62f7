// Assisted digital: a link worker finds a resident by exact details (never by browsing), records
// their consent, and then uses the normal pages for them until the session ends. Whether the
// session allows anything is decided in access.ts.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import {
	assistedGrant,
	defaultAssistedMinutes,
	longestAssistedMinutes,
	mayAssist,
	type Actor
} from '../access';
import { recordActivity } from '../audit';
import { database, tables } from '../db';
import type { ConsentMethod } from '../db/schema';

const { activityLog, assistedSessions, patients, sessions } = tables;

export { defaultAssistedMinutes, longestAssistedMinutes };

/** Postcodes compare without spaces or case: `e20 1qp` is `E20 1QP`. */
const compactPostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

export type ResidentDetails = {
	givenName: string;
	familyName: string;
	dateOfBirth: string;
	postcode: string;
};

/**
 * The one resident matching every detail exactly, remembered in the link worker's session as
 * the person they may now ask for consent; null when none (or more than one) matches.
 */
export function findResident(actor: Actor, sessionId: string, details: ResidentDetails) {
	if (!mayAssist(actor)) return null;
	const matches = database()
		.select({
			id: patients.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			dateOfBirth: patients.dateOfBirth
		})
		.from(patients)
		.where(
			and(
				sql`lower(${patients.givenName}) = lower(${details.givenName.trim()})`,
				sql`lower(${patients.familyName}) = lower(${details.familyName.trim()})`,
				eq(patients.dateOfBirth, details.dateOfBirth),
				sql`upper(replace(${patients.postcode}, ' ', '')) = ${compactPostcode(details.postcode)}`
			)
		)
		.limit(2)
		.all();
	const found = matches.length === 1 ? matches[0]! : null;
	database()
		.update(sessions)
		.set({ assistFoundPatientId: found?.id ?? null })
		.where(eq(sessions.id, sessionId))
		.run();
	return found;
}

/** The resident this link worker found, waiting for consent, or null. */
export function foundResident(
	actor: Actor | null,
	session: { assistFoundPatientId: number | null }
) {
	if (!mayAssist(actor) || session.assistFoundPatientId === null) return null;
	return (
		database()
			.select({
				id: patients.id,
				givenName: patients.givenName,
				familyName: patients.familyName,
				dateOfBirth: patients.dateOfBirth
			})
			.from(patients)
			.where(eq(patients.id, session.assistFoundPatientId))
			.get() ?? null
	);
}

export type Consent = { method: ConsentMethod; place: string; minutes: number };

/** Starts helping the resident found, with their consent recorded; nothing without it. */
export function startAssistedSession(
	actor: Actor,
	session: { id: string; assistFoundPatientId: number | null },
	consent: Consent,
	now = new Date()
): boolean {
	const resident = foundResident(actor, session);
	if (!resident) return false;
	const minutes = Math.min(Math.max(consent.minutes, 5), longestAssistedMinutes);
	return database().transaction(
		(tx) => {
			const assisted = tx
				.insert(assistedSessions)
				.values({
					linkWorkerUserId: actor.userId,
					patientId: resident.id,
					consentMethod: consent.method,
					consentPlace: consent.place,
					startedAt: now,
					endsAt: new Date(now.getTime() + minutes * 60_000)
				})
				.returning({ id: assistedSessions.id })
				.get();
			tx.update(sessions)
				.set({
					assistedSessionId: assisted.id,
					assistFoundPatientId: null,
					actingForPatientId: null
				})
				.where(eq(sessions.id, session.id))
				.run();
			recordActivity(
				tx,
				{ actor, subject: { ...resident, patientId: resident.id }, via: 'assisted' },
				'assist.started',
				{ assistedSessionId: assisted.id, consent: consent.method, minutes }
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * The resident and grant of the assisted session this browser is running, if it still runs;
 * otherwise null, and the browser goes back to the link worker's own pages.
 */
export function assistedContext(
	actor: Actor,
	sessionId: string,
	assistedSessionId: number,
	now = new Date()
) {
	const row = database()
		.select({ assisted: assistedSessions, patient: patients })
		.from(assistedSessions)
		.innerJoin(patients, eq(assistedSessions.patientId, patients.id))
		.where(eq(assistedSessions.id, assistedSessionId))
		.get();
	const grant = row ? assistedGrant(actor, row.assisted, now) : null;
	if (!row || !grant) {
		database()
			.update(sessions)
			.set({ assistedSessionId: null })
			.where(eq(sessions.id, sessionId))
			.run();
		return null;
	}
	const { patient } = row;
	return {
		subject: {
			patientId: patient.id,
			givenName: patient.givenName,
			familyName: patient.familyName
		},
		grant,
		endsAt: row.assisted.endsAt
	};
}

/** Ends the session now; returns its id for the summary. */
export function endAssistedSession(
	actor: Actor,
	sessionId: string,
	assistedSessionId: number,
	now = new Date()
): number | null {
	const running = assistedContext(actor, sessionId, assistedSessionId, now);
	return database().transaction((tx) => {
		tx.update(sessions).set({ assistedSessionId: null }).where(eq(sessions.id, sessionId)).run();
		if (!running) return null;
		tx.update(assistedSessions)
			.set({ endedAt: now })
			.where(eq(assistedSessions.id, assistedSessionId))
			.run();
		recordActivity(tx, { actor, subject: running.subject, via: 'assisted' }, 'assist.ended', {
			assistedSessionId
		});
		return assistedSessionId;
	});
}

/** What the link worker did for the resident in one of their own sessions, for the summary. */
export function sessionSummary(actor: Actor | null, assistedSessionId: number) {
	if (!mayAssist(actor)) return null;
	const db = database();
	const row = db
		.select({ assisted: assistedSessions, patient: patients })
		.from(assistedSessions)
		.innerJoin(patients, eq(assistedSessions.patientId, patients.id))
		.where(
			and(
				eq(assistedSessions.id, assistedSessionId),
				eq(assistedSessions.linkWorkerUserId, actor!.userId)
			)
		)
		.get();
	if (!row?.assisted.endedAt) return null;
	const { assisted, patient } = row;
	const done = db
		.select({
			id: activityLog.id,
			at: activityLog.at,
			action: activityLog.action,
			detail: activityLog.detail
		})
		.from(activityLog)
		.where(
			and(
				eq(activityLog.subjectPatientId, patient.id),
				eq(activityLog.actorUserId, actor!.userId),
				eq(activityLog.via, 'assisted'),
				gte(activityLog.at, assisted.startedAt),
				lte(activityLog.at, assisted.endedAt!)
			)
		)
		.orderBy(asc(activityLog.at), asc(activityLog.id))
		.all();
	return {
		name: `${patient.givenName} ${patient.familyName}`,
		startedAt: assisted.startedAt,
		endedAt: assisted.endedAt!,
		consentMethod: assisted.consentMethod,
		done
	};
}
