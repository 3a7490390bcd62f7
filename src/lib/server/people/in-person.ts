// Relationships recorded in person by staff or a link worker, for someone who cannot set one up
// online or lacks capacity: what kind, what was checked, why, and when to review it. The person
// who will act still accepts with a code on their own account, so access always belongs to a
// signed-in person who proved they hold it. The patient sees the relationship on /people, is
// told through the outbox when they have an account, and may end it like any other.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { addDays, londonDate, londonTime } from '$lib/time';
import { mayInPerson, relationshipState, type Actor } from '../access/policy';
import { newReference } from '../appointments/reference';
import { recordActivity } from '../audit';
import type { SignInIdentifier } from '../identifier';
import { database, tables, transaction } from '../db';
import type { ProxyKind } from '../db/schema';
import { queueInvitation, queueRelationshipRecorded } from '../messages/outbox';
import { hashCode, invitationCodeLength, invitationDays, tidy, type Permissions } from './people';
import { subjectOf } from '../patients';

/** The kinds of relationship recorded in person: an attorney, a deputy, a parent and the rest. */
export { proxyKinds } from '../db/schema';

const { patients, proxyRelationships } = tables;

/** The longest time until a relationship recorded in person must be looked at again. */
export const longestReviewYears = 3;

/** A birthday as a London date: 29 February falls on 1 March in other years. */
function birthday(dateOfBirth: string, years: number): string {
	const [year, month, day] = dateOfBirth.split('-').map(Number);
	return new Date(Date.UTC(year! + years, month! - 1, day!)).toISOString().slice(0, 10);
}

/**
 * When a parent's access to their child's care ends: at the start of the 11th birthday, unless
 * staff have renewed it, and then at the start of the 16th, when young people decide for
 * themselves.
 */
export function parentAccessEndsAt(dateOfBirth: string, renewed: boolean): Date {
	return londonTime(birthday(dateOfBirth, renewed ? 16 : 11), '00:00');
}

export type InPersonRecord = {
	kind: ProxyKind;
	invited: SignInIdentifier;
	grant: Permissions;
	checks: string;
	reason: string;
	reviewOn: string;
};

export type RecordFailure = 'not-allowed' | 'too-old-for-parent' | 'renewal-needed';

/**
 * Records a relationship for the resident found in person: an invitation the named person
 * accepts with the code, as if the patient had invited them. For a child of 11 to 15 a parent's
 * access is renewed at once, and so only staff may record it.
 */
export async function recordRelationship(
	actor: Actor,
	patientId: number,
	record: InPersonRecord,
	language: LanguageCode,
	now = new Date()
): Promise<
	| { ok: true; relationshipId: number; code: string; expiresAt: Date }
	| { ok: false; reason: RecordFailure }
> {
	if (!mayInPerson(actor, 'relationships.record')) return { ok: false, reason: 'not-allowed' };
	const patient = (await database().select().from(patients).where(eq(patients.id, patientId)))[0];
	if (!patient) return { ok: false, reason: 'not-allowed' };
	let endsAt: Date | null = null;
	let renewed = false;
	if (record.kind === 'parent') {
		if (parentAccessEndsAt(patient.dateOfBirth, true) <= now) {
			return { ok: false, reason: 'too-old-for-parent' };
		}
		renewed = parentAccessEndsAt(patient.dateOfBirth, false) <= now;
		if (renewed && !mayInPerson(actor, 'relationships.renew')) {
			return { ok: false, reason: 'renewal-needed' };
		}
		endsAt = parentAccessEndsAt(patient.dateOfBirth, renewed);
	}
	const code = newReference(invitationCodeLength);
	const expiresAt = new Date(now.getTime() + invitationDays * 24 * 60 * 60 * 1000);
	const grant = tidy(record.grant);
	const subject = (await subjectOf(patientId))!;
	return await transaction(
		async (tx) => {
			const relationship = (
				await tx
					.insert(proxyRelationships)
					.values({
						patientId,
						status: 'invited',
						kind: record.kind,
						setUp: 'in_person',
						...grant,
						checks: record.checks,
						reason: record.reason,
						reviewOn: record.reviewOn,
						endsAt,
						// Recorded for a child already 11: the reason given is the renewal's note.
						renewalNote: renewed ? record.reason : null,
						renewedAt: renewed ? now : null,
						invitedIdentifier: record.invited.value,
						invitationCodeHash: hashCode(code),
						invitationExpiresAt: expiresAt,
						createdByUserId: actor.userId
					})
					.returning({ id: proxyRelationships.id })
			)[0]!;
			await recordActivity(tx, { actor, subject, via: 'staff' }, 'proxy.recorded', {
				relationshipId: relationship.id,
				kind: record.kind,
				permissions: grant.permissions.join(' ')
			});
			await queueInvitation(tx, {
				patientId,
				invited: record.invited,
				language,
				inviter: `${subject.givenName} ${subject.familyName}`,
				code,
				expiresAt,
				now,
				inPerson: true
			});
			await queueRelationshipRecorded(tx, { patientId, kind: record.kind, now });
			return { ok: true, relationshipId: relationship.id, code, expiresAt } as const;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * Everyone who acts, or is invited to act, for the resident, as staff see it in person; with a
 * parent's access that lapsed at the 11th birthday, which staff may still renew.
 */
export async function relationshipsOf(actor: Actor | null, patientId: number, now = new Date()) {
	if (!mayInPerson(actor, 'relationships.record')) return [];
	return (
		await database()
			.select({ relationship: proxyRelationships, dateOfBirth: patients.dateOfBirth })
			.from(proxyRelationships)
			.innerJoin(patients, eq(proxyRelationships.patientId, patients.id))
			.where(
				and(
					eq(proxyRelationships.patientId, patientId),
					inArray(proxyRelationships.status, ['invited', 'active'])
				)
			)
			.orderBy(asc(proxyRelationships.createdAt))
	)
		.map(({ relationship: r, dateOfBirth }) => ({
			id: r.id,
			kind: r.kind,
			setUp: r.setUp,
			state: relationshipState(r, now),
			reviewOn: r.reviewOn,
			endsAt: r.endsAt,
			renewable: renewable(r, dateOfBirth, now)
		}))
		.filter((r) => r.state === 'active' || r.state === 'invited' || r.renewable);
}

/**
 * A parent's access not yet renewed, still running or lapsed only at the 11th birthday, while
 * the child is under 16.
 */
function renewable(
	relationship: typeof proxyRelationships.$inferSelect,
	dateOfBirth: string,
	now: Date
): boolean {
	if (relationship.kind !== 'parent' || relationship.renewedAt) return false;
	if (parentAccessEndsAt(dateOfBirth, true) <= now) return false;
	const state = relationshipState(relationship, now);
	return state === 'active' || state === 'invited' || relationship.status === 'active';
}

/**
 * Staff renew a parent's access past the child's 11th birthday, with a note of why; it then ends
 * on the 16th. Refused for anything else, or once the child is 16.
 */
export async function renewParentAccess(
	actor: Actor,
	patientId: number,
	relationshipId: number,
	note: string,
	now = new Date()
): Promise<boolean> {
	if (!mayInPerson(actor, 'relationships.renew')) return false;
	// Immediate, read inside: renewed once (`renewedAt`), whichever instance asks first.
	return await transaction(
		async (tx) => {
			const row = (
				await tx
					.select({ relationship: proxyRelationships, dateOfBirth: patients.dateOfBirth })
					.from(proxyRelationships)
					.innerJoin(patients, eq(proxyRelationships.patientId, patients.id))
					.where(
						and(
							eq(proxyRelationships.id, relationshipId),
							eq(proxyRelationships.patientId, patientId)
						)
					)
			)[0];
			if (!row || !renewable(row.relationship, row.dateOfBirth, now)) return false;
			const endsAt = parentAccessEndsAt(row.dateOfBirth, true);
			await tx
				.update(proxyRelationships)
				.set({ endsAt, renewalNote: note, renewedAt: now })
				.where(eq(proxyRelationships.id, relationshipId));
			await recordActivity(
				tx,
				{ actor, subject: await subjectOf(patientId), via: 'staff' },
				'proxy.renewed',
				{
					relationshipId,
					until: londonDate(endsAt)
				}
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** The latest review date staff may set, and the earliest (tomorrow), as ISO dates. */
export function reviewDateRange(now = new Date()): { earliest: string; latest: string } {
	const today = londonDate(now);
	return { earliest: addDays(today, 1), latest: addDays(today, longestReviewYears * 365) };
}
