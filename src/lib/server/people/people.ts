// Who acts for whom. Patients invite proxies and decide what each may do; proxies accept with a
// code and may step down. Every change is in the patient's activity log. Whether a relationship
// grants anything is decided in access/policy.ts.
import { sha256 } from '@oslojs/crypto/sha2';
import type { LanguageCode } from '$lib/i18n/languages';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
	may,
	mayKnowOfService,
	proxyGrant,
	relationshipState,
	type ActingContext,
	type Grant,
	type Actor
} from '../access/policy';
import { newReference } from '../appointments/reference';
import { recordActivity } from '../audit';
import type { SignInIdentifier } from '../identifier';
import { displayIdentifier, limitKeyOf } from '../identifier';
import { database, tables, transaction, type Transaction } from '../db';
import { sensitivityLabels, type ProxyPermission, type SensitivityLabel } from '../db/schema';
import { takeTry } from '../limits';
import { subjectOf } from '../patients';
import { queueInvitation } from '../messages/outbox';

const { patients, proxyRelationships, sessions, users } = tables;

export const invitationDays = 14;
export const invitationCodeLength = 10;

export function hashCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}

/** A code as typed: spaces, dashes and case do not matter. */
export function normaliseCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

export type Permissions = { permissions: ProxyPermission[]; carePlanLabels: SensitivityLabel[] };

/** Care plans can only be opened with a label to read; the general one unless others are chosen. */
export function tidy({ permissions, carePlanLabels }: Permissions): Permissions {
	const unique = [...new Set(permissions)];
	return {
		permissions: unique,
		carePlanLabels: unique.includes('care_plans.view') ? [...new Set(carePlanLabels)] : []
	};
}

/** The patient invites someone; the code is returned once, to be shown and passed on by hand. */
/**
 * Takes one invitation from the allowances, before it is sent: those of the person whose care
 * it is about, and of the address invited (from anyone). Which one held it back, or null to go
 * ahead. A refused try still counts, so tries sent at once cannot slip past together.
 */
export async function takeInvitationTry(
	patientId: number,
	invited: SignInIdentifier
): Promise<'fromPatient' | 'toRecipient' | null> {
	if (await takeTry('invitationFromPatient', String(patientId))) return 'fromPatient';
	if (await takeTry('invitationToRecipient', limitKeyOf(invited))) return 'toRecipient';
	return null;
}

export async function invite(
	context: ActingContext,
	invited: SignInIdentifier,
	grant: Permissions,
	language: LanguageCode,
	now = new Date()
): Promise<{ ok: true; relationshipId: number; code: string; expiresAt: Date } | { ok: false }> {
	const { actor, subject } = context;
	if (!actor || !subject || !may(context, 'people.manage')) return { ok: false };
	const code = newReference(invitationCodeLength);
	const expiresAt = new Date(now.getTime() + invitationDays * 24 * 60 * 60 * 1000);
	return await transaction(
		async (tx) => {
			const relationship = (
				await tx
					.insert(proxyRelationships)
					.values({
						patientId: subject.patientId,
						status: 'invited',
						...tidy(grant),
						invitedIdentifier: invited.value,
						invitationCodeHash: hashCode(code),
						invitationExpiresAt: expiresAt,
						createdByUserId: actor.userId
					})
					.returning({ id: proxyRelationships.id })
			)[0]!;
			await recordActivity(tx, context, 'proxy.invited', {
				relationshipId: relationship.id,
				permissions: tidy(grant).permissions.join(' ')
			});
			await queueInvitation(tx, {
				patientId: subject.patientId,
				invited,
				language,
				inviter: `${subject.givenName} ${subject.familyName}`,
				code,
				expiresAt,
				now
			});
			return { ok: true, relationshipId: relationship.id, code, expiresAt } as const;
		},
		{ behavior: 'immediate' }
	);
}

export type AcceptFailure = 'unknown-code' | 'own-invitation';

/** The invited person accepts with the code, signed in as themselves. */
export async function acceptInvitation(
	actor: Actor,
	input: string,
	now = new Date()
): Promise<{ ok: true; patientId: number } | { ok: false; reason: AcceptFailure }> {
	return await transaction(
		async (tx) => {
			const relationship = (
				await tx
					.select()
					.from(proxyRelationships)
					.where(eq(proxyRelationships.invitationCodeHash, hashCode(normaliseCode(input))))
			)[0];
			// Used, withdrawn and expired codes are as unknown as wrong ones.
			if (!relationship || relationshipState(relationship, now) !== 'invited') {
				return { ok: false, reason: 'unknown-code' } as const;
			}
			if (relationship.patientId === actor.patientId) {
				return { ok: false, reason: 'own-invitation' } as const;
			}
			// Staff who recorded a relationship in person cannot take it up themselves.
			if (relationship.setUp === 'in_person' && relationship.createdByUserId === actor.userId) {
				return { ok: false, reason: 'unknown-code' } as const;
			}
			await tx
				.update(proxyRelationships)
				.set({ status: 'active', proxyUserId: actor.userId, acceptedAt: now })
				.where(eq(proxyRelationships.id, relationship.id));
			await recordActivity(
				tx,
				{ actor, subject: await subjectOf(relationship.patientId), via: 'proxy' },
				'proxy.accepted',
				{ relationshipId: relationship.id }
			);
			return { ok: true, patientId: relationship.patientId } as const;
		},
		{ behavior: 'immediate' }
	);
}

/** One of the patient's own relationships, or undefined. */
async function ownRelationship(context: ActingContext, relationshipId: number) {
	const { subject } = context;
	if (!subject || !may(context, 'people.manage')) return undefined;
	return (
		await database()
			.select()
			.from(proxyRelationships)
			.where(
				and(
					eq(proxyRelationships.id, relationshipId),
					eq(proxyRelationships.patientId, subject.patientId)
				)
			)
	)[0];
}

/** The patient changes what a proxy (or someone still invited) may do. */
export async function changePermissions(
	context: ActingContext,
	relationshipId: number,
	grant: Permissions,
	now = new Date()
): Promise<boolean> {
	return await changeWhileLive(context, relationshipId, now, async (tx) => {
		await tx
			.update(proxyRelationships)
			.set(tidy(grant))
			.where(eq(proxyRelationships.id, relationshipId));
		await recordActivity(tx, context, 'proxy.permissions_changed', {
			relationshipId,
			permissions: tidy(grant).permissions.join(' ')
		});
	});
}

/** The patient ends a relationship or withdraws an invitation: it stops working at once. */
export async function revoke(
	context: ActingContext,
	relationshipId: number,
	now = new Date()
): Promise<boolean> {
	return await changeWhileLive(context, relationshipId, now, async (tx) => {
		await tx
			.update(proxyRelationships)
			.set({ status: 'revoked', endedAt: now })
			.where(eq(proxyRelationships.id, relationshipId));
		await recordActivity(tx, context, 'proxy.revoked', { relationshipId });
	});
}

/**
 * The patient's change to one of their relationships, made only while it is live (active or
 * invited); false when it is not. Immediate, the state read inside: an acceptance or an end in
 * another instance (immediate too) waits or wins, so a withdrawn invitation never turns active
 * after, and a relationship is ended and logged once.
 */
async function changeWhileLive(
	context: ActingContext,
	relationshipId: number,
	now: Date,
	change: (tx: Transaction) => Promise<void>
): Promise<boolean> {
	return await transaction(
		async (tx) => {
			const relationship = await ownRelationship(context, relationshipId);
			const state = relationship && relationshipState(relationship, now);
			if (state !== 'active' && state !== 'invited') return false;
			await change(tx);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** A proxy stops acting for someone. */
export async function stepDown(
	actor: Actor,
	relationshipId: number,
	now = new Date()
): Promise<boolean> {
	// Immediate, read inside: a revoke or another step down at the same moment ends it once.
	return await transaction(
		async (tx) => {
			const relationship = (
				await tx.select().from(proxyRelationships).where(eq(proxyRelationships.id, relationshipId))
			)[0];
			if (!relationship || !proxyGrant(actor, relationship, now)) return false;
			await tx
				.update(proxyRelationships)
				.set({ status: 'stepped_down', endedAt: now })
				.where(eq(proxyRelationships.id, relationshipId));
			await recordActivity(
				tx,
				{ actor, subject: await subjectOf(relationship.patientId), via: 'proxy' },
				'proxy.stepped_down',
				{ relationshipId }
			);
			return true;
		},
		{ behavior: 'immediate' }
	);
}

/** Who can act for the patient, or is invited to: current and waiting relationships. */
export async function proxiesOf(context: ActingContext, now = new Date()) {
	const { subject } = context;
	if (!subject || !may(context, 'people.manage')) return [];
	const r = proxyRelationships;
	const rows = await database()
		.select({
			// Never the invitation code's hash: only what the page shows.
			relationship: {
				id: r.id,
				status: r.status,
				permissions: r.permissions,
				carePlanLabels: r.carePlanLabels,
				invitedIdentifier: r.invitedIdentifier,
				invitationExpiresAt: r.invitationExpiresAt,
				endsAt: r.endsAt,
				kind: r.kind,
				setUp: r.setUp,
				reviewOn: r.reviewOn
			},
			email: users.email,
			mobile: users.mobile,
			givenName: patients.givenName,
			familyName: patients.familyName
		})
		.from(proxyRelationships)
		.leftJoin(users, eq(proxyRelationships.proxyUserId, users.id))
		.leftJoin(patients, eq(users.patientId, patients.id))
		.where(
			and(
				eq(proxyRelationships.patientId, subject.patientId),
				inArray(proxyRelationships.status, ['invited', 'active'])
			)
		)
		.orderBy(asc(proxyRelationships.createdAt));
	return rows
		.map(({ relationship, ...row }) => ({
			...relationship,
			// What the label of a plan or a service keeps from them, as the policy decides.
			cannotSee: sensitivityLabels.filter(
				(label) => !mayKnowOfService({ via: 'proxy', grant: relationship }, label)
			),
			state: relationshipState(relationship, now),
			name: row.givenName
				? `${row.givenName} ${row.familyName}`
				: shownIdentifier(relationship.invitedIdentifier, row)
		}))
		.filter((row) => row.state === 'active' || row.state === 'invited');
}

/** The proxy's account, or where the invitation went, as people write it. */
export function shownIdentifier(
	invited: string | null,
	account: { email: string | null; mobile: string | null }
): string {
	if (account.email || account.mobile) return displayIdentifier(account);
	if (!invited) return '';
	return invited.includes('@') ? invited : displayIdentifier({ email: null, mobile: invited });
}

export type ProxyView = Awaited<ReturnType<typeof proxiesOf>>[number];

/** The people this person may act for now, with what they may do. */
export async function actingForList(actor: Actor | null, now = new Date()) {
	if (!actor) return [];
	return (
		await database()
			.select({
				relationship: proxyRelationships,
				givenName: patients.givenName,
				familyName: patients.familyName
			})
			.from(proxyRelationships)
			.innerJoin(patients, eq(proxyRelationships.patientId, patients.id))
			.where(
				and(
					eq(proxyRelationships.proxyUserId, actor.userId),
					eq(proxyRelationships.status, 'active')
				)
			)
			.orderBy(asc(patients.givenName))
	)
		.filter((row) => proxyGrant(actor, row.relationship, now))
		.map((row) => ({
			relationshipId: row.relationship.id,
			patientId: row.relationship.patientId,
			name: `${row.givenName} ${row.familyName}`,
			permissions: row.relationship.permissions
		}));
}

/** What the actor may do for the patient now, through an active relationship; else null. */
export async function grantFor(
	actor: Actor,
	patientId: number,
	now = new Date()
): Promise<Grant | null> {
	const relationship = (
		await database()
			.select()
			.from(proxyRelationships)
			.where(
				and(
					eq(proxyRelationships.patientId, patientId),
					eq(proxyRelationships.proxyUserId, actor.userId),
					eq(proxyRelationships.status, 'active')
				)
			)
	)[0];
	return relationship ? proxyGrant(actor, relationship, now) : null;
}

/**
 * Whose care this request is about when the session is acting for someone: that person and the
 * grant, if the relationship still stands; otherwise null, and the session goes back to the
 * person's own care, so a revoked or expired proxy is refused on their very next request.
 */
export async function proxyContext(
	actor: Actor,
	sessionId: string,
	patientId: number,
	now = new Date()
) {
	const grant = await grantFor(actor, patientId, now);
	if (!grant) {
		await setActingFor(sessionId, null);
		return null;
	}
	const subject = await subjectOf(patientId);
	return subject ? { subject, grant } : null;
}

/** Chooses whose care the session manages: someone the person acts for, or (null) their own. */
export async function chooseActingFor(
	actor: Actor,
	sessionId: string,
	patientId: number | null,
	now = new Date()
): Promise<boolean> {
	if (
		patientId !== null &&
		!(await actingForList(actor, now)).some((p) => p.patientId === patientId)
	) {
		return false;
	}
	await setActingFor(sessionId, patientId);
	return true;
}

async function setActingFor(sessionId: string, patientId: number | null): Promise<void> {
	await database()
		.update(sessions)
		.set({ actingForPatientId: patientId })
		.where(eq(sessions.id, sessionId));
}
