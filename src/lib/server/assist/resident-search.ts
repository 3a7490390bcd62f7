// Looking for a person by their details, wherever it is done (a link worker finding a resident,
// registering one, staff finding a patient's plans): one allowance per actor for all of them,
// and a line in the security log for each, so that trawling the records is slow and seen.
import type { Actor } from '../access/policy';
import { takeTry } from '../limits';
import { recordSecurityEvent } from '../security-log';

/** Where someone looked for a person: the security log's reason for the search. */
export type ResidentSearchPlace =
	'assist_find' | 'assist_register' | 'staff_find' | 'find_my_record' | 'staff_match';

/**
 * Takes one search from the actor's allowance before it is made, found or not, and logs it (or
 * that it was held back). Held back until the time returned, or null to go ahead.
 */
export async function takeResidentSearch(
	actor: Actor,
	address: string,
	place: ResidentSearchPlace
): Promise<Date | null> {
	const heldUntil = await takeTry('residentSearch', String(actor.userId));
	await recordSecurityEvent(heldUntil ? 'held_back' : 'resident_search', {
		userId: actor.userId,
		address,
		reason: heldUntil ? 'resident_search' : place
	});
	return heldUntil;
}
