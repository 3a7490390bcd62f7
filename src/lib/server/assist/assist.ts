// Assisted digital: a link worker finds a resident by exact details (never by browsing), records
// their consent, and then uses the normal pages for them until the session ends. Whether the
// session allows anything is decided in access/policy.ts.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import {
	assistedGrant,
	defaultAssistedMinutes,
	longestAssistedMinutes,
	mayAssist,
	mayInPerson,
	type Actor
} from '../access/policy';
import { recordActivity } from '../audit';
import { database, tables, type Executor, transaction } from '../db';
import type { ConsentMethod, OfflineReachMethod } from '../db/schema';
import { queueAssistedSummary } from '../messages/outbox';

const { activityLog, assistedSessions, patients, sessions } = tables;

export { defaultAssistedMinutes, longestAssistedMinutes };
/** How the resident gave their consent to an assisted session. */
export { consentMethods } from '../db/schema';

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
export async function findResident(actor: Actor, sessionId: string, details: ResidentDetails) {
	if (!mayInPerson(actor, 'residents.find')) return null;
	const found = await theOneMatching(details);
	await rememberFound(database(), sessionId, found?.id ?? null);
	return found;
}

/**
 * The one record matching every detail exactly (and the NHS number too, when one is given),
 * however the search is made; null when none, or more than one, matches.
 */
export async function theOneMatching(details: ResidentDetails & { nhsNumber?: string | null }) {
	const matches = await database()
		.select({
			id: patients.id,
			givenName: patients.givenName,
			familyName: patients.familyName,
			dateOfBirth: patients.dateOfBirth
		})
		.from(patients)
		.where(
			and(
				matchingDetails(details),
				details.nhsNumber ? eq(patients.nhsNumber, details.nhsNumber) : undefined
			)
		)
		.limit(2);
	return matches.length === 1 ? matches[0]! : null;
}

async function rememberFound(
	db: Executor,
	sessionId: string,
	patientId: number | null
): Promise<void> {
	await db
		.update(sessions)
		.set({ assistFoundPatientId: patientId })
		.where(eq(sessions.id, sessionId));
}

export type NewResident = ResidentDetails & {
	nhsNumber: string | null;
	reachBy: OfflineReachMethod;
	address: string | null;
};

export type RegisterFailure = 'not-allowed' | 'already-registered';

/**
 * Registers a resident who has no phone or email, in person, and holds them as found so the
 * link worker can go on to ask for consent. Someone with the same details, or the same NHS
 * number, is already here: they are searched for, not registered twice. Which of the two matched
 * is not said, so that registering cannot tell whether an NHS number is here, nor whose it is.
 */
export async function registerResident(
	actor: Actor,
	sessionId: string,
	details: NewResident
): Promise<{ ok: true; patientId: number } | { ok: false; reason: RegisterFailure }> {
	if (!mayInPerson(actor, 'residents.register')) return { ok: false, reason: 'not-allowed' };
	return await transaction(
		async (tx) => {
			if (
				(await sameDetails(tx, details)) ||
				(details.nhsNumber &&
					(
						await tx
							.select({ id: patients.id })
							.from(patients)
							.where(eq(patients.nhsNumber, details.nhsNumber))
					)[0])
			) {
				return { ok: false, reason: 'already-registered' } as const;
			}
			const patient = (
				await tx
					.insert(patients)
					.values({
						givenName: details.givenName.trim(),
						familyName: details.familyName.trim(),
						dateOfBirth: details.dateOfBirth,
						postcode: details.postcode.trim().toUpperCase(),
						nhsNumber: details.nhsNumber,
						reachBy: details.reachBy,
						address: details.reachBy === 'letter' ? details.address : null,
						registeredByUserId: actor.userId
					})
					.returning({
						id: patients.id,
						givenName: patients.givenName,
						familyName: patients.familyName
					})
			)[0]!;
			await recordActivity(
				tx,
				{ actor, subject: { ...patient, patientId: patient.id }, via: 'staff' },
				'patient.registered',
				{ reachBy: details.reachBy }
			);
			await rememberFound(tx, sessionId, patient.id);
			return { ok: true, patientId: patient.id } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** Anyone with exactly these details already, compared as the search compares them. */
async function sameDetails(db: Executor, details: ResidentDetails) {
	return (await db.select({ id: patients.id }).from(patients).where(matchingDetails(details)))[0];
}

function matchingDetails(details: ResidentDetails) {
	return and(
		sql`lower(${patients.givenName}) = lower(${details.givenName.trim()})`,
		sql`lower(${patients.familyName}) = lower(${details.familyName.trim()})`,
		eq(patients.dateOfBirth, details.dateOfBirth),
		sql`upper(replace(${patients.postcode}, ' ', '')) = ${compactPostcode(details.postcode)}`
	);
}

/** The resident this link worker found, waiting for consent, or null. */
export async function foundResident(
	actor: Actor | null,
	session: { assistFoundPatientId: number | null }
) {
	if (!mayInPerson(actor, 'residents.find') || session.assistFoundPatientId === null) return null;
	return (
		(
			await database()
				.select({
					id: patients.id,
					givenName: patients.givenName,
					familyName: patients.familyName,
					dateOfBirth: patients.dateOfBirth
				})
				.from(patients)
				.where(eq(patients.id, session.assistFoundPatientId))
		)[0] ?? null
	);
}

export type Consent = { method: ConsentMethod; place: string; minutes: number };

/** Starts helping the resident found, with their consent recorded; nothing without it. */
export async function startAssistedSession(
	actor: Actor,
	session: { id: string; assistFoundPatientId: number | null },
	consent: Consent,
	now = new Date()
): Promise<boolean> {
	const resident = mayAssist(actor) ? await foundResident(actor, session) : null;
	if (!resident) return false;
	const minutes = Math.min(Math.max(consent.minutes, 5), longestAssistedMinutes);
	return await transaction(
		async (tx) => {
			// Immediate, and the browser's session read again inside: "Start" pressed twice (the
			// presses in two instances) starts one session, and the second press goes on into it.
			const current = (
				await tx
					.select({
						found: sessions.assistFoundPatientId,
						assisted: sessions.assistedSessionId
					})
					.from(sessions)
					.where(eq(sessions.id, session.id))
			)[0];
			if (!current || current.found !== resident.id) return Boolean(current?.assisted);
			const assisted = (
				await tx
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
			)[0]!;
			await tx
				.update(sessions)
				.set({
					assistedSessionId: assisted.id,
					assistFoundPatientId: null,
					actingForPatientId: null
				})
				.where(eq(sessions.id, session.id));
			await recordActivity(
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
export async function assistedContext(
	actor: Actor,
	sessionId: string,
	assistedSessionId: number,
	now = new Date()
) {
	const row = (
		await database()
			.select({ assisted: assistedSessions, patient: patients })
			.from(assistedSessions)
			.innerJoin(patients, eq(assistedSessions.patientId, patients.id))
			.where(eq(assistedSessions.id, assistedSessionId))
	)[0];
	const grant = row ? assistedGrant(actor, row.assisted, now) : null;
	if (!row || !grant) {
		await database()
			.update(sessions)
			.set({ assistedSessionId: null })
			.where(eq(sessions.id, sessionId));
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
		startedAt: row.assisted.startedAt,
		endsAt: row.assisted.endsAt
	};
}

/** Ends the session now; returns its id for the summary. */
export async function endAssistedSession(
	actor: Actor,
	sessionId: string,
	assistedSessionId: number,
	now = new Date()
): Promise<number | null> {
	// Immediate, read inside: "End" pressed twice, the presses in two instances, ends it, logs it
	// and sends the resident's copy once; the second press is shown the same summary.
	return await transaction(
		async (tx) => {
			const running = await assistedContext(actor, sessionId, assistedSessionId, now);
			await tx.update(sessions).set({ assistedSessionId: null }).where(eq(sessions.id, sessionId));
			if (!running) return (await endedBy(tx, actor, assistedSessionId)) ? assistedSessionId : null;
			await recordActivity(
				tx,
				{ actor, subject: running.subject, via: 'assisted' },
				'assist.ended',
				{
					assistedSessionId
				}
			);
			// The resident's own copy, by the way they are reached (none when only in person).
			const { patientId } = running.subject;
			const copySentBy = await queueAssistedSummary(tx, {
				patientId,
				startedAt: running.startedAt,
				endedAt: now,
				done: (await doneDuring(tx, patientId, actor.userId, running.startedAt, now)).map(
					(entry) => ({
						action: entry.action,
						reference: typeof entry.detail?.reference === 'string' ? entry.detail.reference : null
					})
				),
				now
			});
			await tx
				.update(assistedSessions)
				.set({ endedAt: now, copySentBy })
				.where(eq(assistedSessions.id, assistedSessionId));
			return assistedSessionId;
		},
		{ behavior: 'immediate' }
	);
}

/** Whether this link worker's assisted session was ended (rather than left to run out). */
async function endedBy(db: Executor, actor: Actor, assistedSessionId: number): Promise<boolean> {
	const row = (
		await db
			.select({ endedAt: assistedSessions.endedAt })
			.from(assistedSessions)
			.where(
				and(
					eq(assistedSessions.id, assistedSessionId),
					eq(assistedSessions.linkWorkerUserId, actor.userId)
				)
			)
	)[0];
	return Boolean(row?.endedAt);
}

/** The changes a link worker made to a resident's care between two instants, in order. */
async function doneDuring(
	db: Executor,
	patientId: number,
	linkWorkerUserId: number,
	from: Date,
	to: Date
) {
	return await db
		.select({
			id: activityLog.id,
			at: activityLog.at,
			action: activityLog.action,
			detail: activityLog.detail
		})
		.from(activityLog)
		.where(
			and(
				eq(activityLog.subjectPatientId, patientId),
				eq(activityLog.actorUserId, linkWorkerUserId),
				eq(activityLog.via, 'assisted'),
				gte(activityLog.at, from),
				lte(activityLog.at, to),
				sql`${activityLog.action} NOT LIKE 'assist.%'`
			)
		)
		.orderBy(asc(activityLog.at), asc(activityLog.id));
}

/** What the link worker did for the resident in one of their own sessions, for the summary. */
export async function sessionSummary(actor: Actor | null, assistedSessionId: number) {
	if (!mayAssist(actor)) return null;
	const db = database();
	const row = (
		await db
			.select({ assisted: assistedSessions, patient: patients })
			.from(assistedSessions)
			.innerJoin(patients, eq(assistedSessions.patientId, patients.id))
			.where(
				and(
					eq(assistedSessions.id, assistedSessionId),
					eq(assistedSessions.linkWorkerUserId, actor!.userId)
				)
			)
	)[0];
	if (!row?.assisted.endedAt) return null;
	const { assisted, patient } = row;
	const done = await doneDuring(
		db,
		patient.id,
		actor!.userId,
		assisted.startedAt,
		assisted.endedAt!
	);
	return {
		name: `${patient.givenName} ${patient.familyName}`,
		startedAt: assisted.startedAt,
		endedAt: assisted.endedAt!,
		consentMethod: assisted.consentMethod,
		copySentBy: assisted.copySentBy,
		done
	};
}
