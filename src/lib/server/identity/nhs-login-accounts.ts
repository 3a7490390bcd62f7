// Who someone coming through NHS login is in Joined Up. The account that already signs in with
// their NHS login subject; otherwise, at P5 or P9, the one record whose NHS number, date of birth
// and family name all match: its account if it has one (a carer keeps every relationship), else
// a new account linked to it (linkAccountToRecord). Anyone else (P0, no match) gets a new
// account not linked to a record yet, which /your-record then helps to link.
import { and, eq, sql } from 'drizzle-orm';
import { actorFor } from '../access/policy';
import { recordActivity } from '../audit';
import { parseIdentifier } from '../identifier';
import type { SessionUser } from '../auth/session';
import { tables, type Transaction, transaction } from '../db';
import { subjectOf } from '../patients';
import { recordSecurityEvent } from '../security-log';
import type { NhsLoginIdentity } from './nhs-login';
import { linkAccountToRecord } from './record-links';

const { patients, users } = tables;

/** The one record these proved details name, or null (none, or more than one). */
export async function matchingRecord(
	tx: Transaction,
	identity: NhsLoginIdentity
): Promise<number | null> {
	if (identity.level === 'P0' || !identity.nhsNumber || !identity.birthdate) return null;
	if (!identity.familyName) return null;
	const found = await tx
		.select({ id: patients.id })
		.from(patients)
		.where(
			and(
				eq(patients.nhsNumber, identity.nhsNumber),
				eq(patients.dateOfBirth, identity.birthdate),
				sql`lower(${patients.familyName}) = lower(${identity.familyName})`
			)
		)
		.limit(2);
	return found.length === 1 ? found[0]!.id : null;
}

/** A verified contact NHS login gave, when no other account signs in with it. */
async function freeContacts(tx: Transaction, identity: NhsLoginIdentity) {
	const contacts: { email?: string; mobile?: string } = {};
	for (const given of [identity.email, identity.phoneNumber]) {
		const parsed = given ? parseIdentifier(given) : null;
		if (!parsed) continue;
		const column = parsed.kind === 'email' ? users.email : users.mobile;
		const taken = (
			await tx.select({ id: users.id }).from(users).where(eq(column, parsed.value))
		)[0];
		if (!taken) contacts[parsed.kind] = parsed.value;
	}
	return contacts;
}

/**
 * The account this NHS login signs in to, made or linked as above, in one transaction; the
 * security log says they signed in through NHS login.
 */
export async function accountForNhsLogin(
	identity: NhsLoginIdentity,
	address: string | null
): Promise<SessionUser> {
	const user = await transaction(
		async (tx) => {
			const known = (await tx.select().from(users).where(eq(users.nhsLoginSub, identity.sub)))[0];
			if (known) {
				// An account not linked yet is linked once its person proves details that match.
				if (known.role === 'patient' && known.patientId === null) {
					const patientId = await matchingRecord(tx, identity);
					if (patientId !== null) await linkNew(tx, known.id, patientId, identity, address);
				}
				return (await tx.select().from(users).where(eq(users.id, known.id)))[0]!;
			}

			const patientId = await matchingRecord(tx, identity);
			const holder =
				patientId === null
					? undefined
					: (await tx.select().from(users).where(eq(users.patientId, patientId)))[0];
			if (holder && holder.nhsLoginSub === null && holder.role === 'patient') {
				// Their existing account (a password one, perhaps a carer's): NHS login becomes
				// another way in to it, and everything it has stays.
				await tx.update(users).set({ nhsLoginSub: identity.sub }).where(eq(users.id, holder.id));
				await recordActivity(
					tx,
					{ actor: actorFor(holder), subject: await subjectOf(holder.patientId!), via: 'self' },
					'account.nhs_login_added'
				);
				return { ...holder, nhsLoginSub: identity.sub };
			}

			const created = (
				await tx
					.insert(users)
					.values({
						nhsLoginSub: identity.sub,
						role: 'patient',
						...(await freeContacts(tx, identity))
					})
					.returning()
			)[0]!;
			await recordActivity(
				tx,
				{ actor: actorFor(created), subject: null, via: 'self' },
				'account.registered',
				{ signInWith: 'nhs_login' }
			);
			// A record held by another NHS login stays theirs: this one starts unlinked.
			if (patientId !== null && !holder)
				await linkNew(tx, created.id, patientId, identity, address);
			return (await tx.select().from(users).where(eq(users.id, created.id)))[0]!;
		},
		{ behavior: 'immediate' }
	);
	await recordSecurityEvent('sign_in', { userId: user.id, address, reason: 'nhs_login' });
	return user;
}

async function linkNew(
	tx: Transaction,
	userId: number,
	patientId: number,
	identity: NhsLoginIdentity,
	address: string | null
): Promise<void> {
	await linkAccountToRecord(
		{ userId, patientId, address },
		{ method: 'nhs_login', identityLevel: identity.level },
		tx
	);
}
