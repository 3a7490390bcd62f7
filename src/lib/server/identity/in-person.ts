// Linking an account to its record with the person in front of you: where a resident can go for
// it (their GP practice, a Community Hub), and the staff member's or link worker's side of it.
import { eq, or } from 'drizzle-orm';
import { mayInPerson, type Actor } from '../access/policy';
import type { SignInIdentifier } from '../identifier';
import { findUserByIdentifier } from '../auth/accounts';
import { tables } from '../db';
import { placesWith } from '../places';
import { linkAccountToRecord } from './record-links';

const { locations, organisations } = tables;

/** The GP practices and Community Hubs where someone can have their account linked in person. */
export async function placesToLinkInPerson() {
	return await placesWith(
		{ communityHub: locations.communityHub },
		or(eq(organisations.kind, 'gp_practice'), eq(locations.communityHub, true))
	);
}

export type InPersonLinkOutcome = { ok: true } | { ok: false; reason: 'not-allowed' | 'refused' };

/**
 * Links the account signed in with this email address or mobile number to the record of the
 * resident found in person, recording what identity was checked. One refusal for an address
 * that is no resident's unlinked account and for a record that already has one: which of them
 * is not said.
 */
export async function linkInPerson(
	actor: Actor | null,
	link: { patientId: number; identifier: SignInIdentifier; checks: string; address: string }
): Promise<InPersonLinkOutcome> {
	if (!mayInPerson(actor, 'records.link')) return { ok: false, reason: 'not-allowed' };
	const account = await findUserByIdentifier(link.identifier);
	if (!account) return { ok: false, reason: 'refused' };
	const outcome = await linkAccountToRecord(
		{ userId: account.id, patientId: link.patientId, address: link.address },
		{ method: 'in_person', linkedBy: actor!, checks: link.checks }
	);
	return outcome === 'linked' ? { ok: true } : { ok: false, reason: 'refused' };
}
