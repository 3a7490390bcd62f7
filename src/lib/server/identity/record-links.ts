// Linking an account to the patient record it is: through NHS login, with a code sent to what
// the record holds, or in person. Every way ends here, so each link is kept the same way: the
// account gets its record, `record_links` says how and by whom, the person's activity log and
// the security log both record it.
import { desc, eq } from 'drizzle-orm';
import type { Actor } from '../access/policy';
import { recordActivity, type ActivityAction } from '../audit';
import { database, tables, type Transaction, transaction } from '../db';
import type { IdentityLevel, RecordLinkMethod } from '../db/schema';
import { recordSecurityEvent } from '../security-log';

const { patients, recordLinks, users } = tables;

/** How the link was made, and what backs it. */
export type LinkEvidence =
	| { method: 'nhs_login'; identityLevel: IdentityLevel }
	| { method: 'code' }
	| {
			method: 'in_person';
			/** The staff member or link worker with the person in front of them. */
			linkedBy: Actor;
			/** What identity was checked, as they wrote it. */
			checks: string;
	  };

const activityOf: Record<RecordLinkMethod, ActivityAction> = {
	nhs_login: 'account.linked_nhs_login',
	code: 'account.linked_code',
	in_person: 'account.linked_in_person'
};

export type LinkOutcome = 'linked' | 'account already linked' | 'record already linked';

/**
 * Links the account to the record, unless either is already linked (an account is one person,
 * and a record has one account). Runs inside the caller's transaction when given one.
 */
export async function linkAccountToRecord(
	link: { userId: number; patientId: number; address?: string | null },
	evidence: LinkEvidence,
	tx?: Transaction
): Promise<LinkOutcome> {
	const run = async (db: Transaction): Promise<LinkOutcome> => {
		const account = (
			await db
				.select({ id: users.id, role: users.role, patientId: users.patientId })
				.from(users)
				.where(eq(users.id, link.userId))
		)[0];
		if (!account || account.role !== 'patient' || account.patientId !== null) {
			return 'account already linked';
		}
		const taken = (
			await db.select({ id: users.id }).from(users).where(eq(users.patientId, link.patientId))
		)[0];
		if (taken) return 'record already linked';
		const patient = (
			await db
				.select({
					id: patients.id,
					givenName: patients.givenName,
					familyName: patients.familyName
				})
				.from(patients)
				.where(eq(patients.id, link.patientId))
		)[0];
		if (!patient) return 'record already linked';

		await db.update(users).set({ patientId: patient.id }).where(eq(users.id, account.id));
		const inPerson = evidence.method === 'in_person' ? evidence : null;
		await db.insert(recordLinks).values({
			userId: account.id,
			patientId: patient.id,
			method: evidence.method,
			linkedByUserId: inPerson?.linkedBy.userId ?? null,
			checks: inPerson?.checks ?? null,
			organisationId: inPerson?.linkedBy.organisationId ?? null,
			identityLevel: evidence.method === 'nhs_login' ? evidence.identityLevel : null
		});
		// In person, the person linking it did it, for the patient; otherwise the patient did.
		const actor: Actor = inPerson?.linkedBy ?? {
			userId: account.id,
			role: 'patient',
			patientId: patient.id,
			organisationId: null
		};
		await recordActivity(
			db,
			{
				actor,
				subject: {
					patientId: patient.id,
					givenName: patient.givenName,
					familyName: patient.familyName
				},
				via: inPerson ? 'staff' : 'self'
			},
			activityOf[evidence.method],
			evidence.method === 'nhs_login' ? { level: evidence.identityLevel } : undefined
		);
		await recordSecurityEvent('account_linked', {
			userId: account.id,
			address: link.address ?? null,
			reason: evidence.method
		});
		return 'linked';
	};
	return tx ? await run(tx) : await transaction(run, { behavior: 'immediate' });
}

/**
 * Was the account's record last linked with a code sent to the record's own contact, or in
 * person? Then the record is proved, whatever level an NHS login session reached.
 */
export async function recordLinkedWithoutNhsLogin(userId: number): Promise<boolean> {
	const latest = (
		await database()
			.select({ method: recordLinks.method })
			.from(recordLinks)
			.where(eq(recordLinks.userId, userId))
			.orderBy(desc(recordLinks.id))
	)[0];
	return latest?.method === 'code' || latest?.method === 'in_person';
}
