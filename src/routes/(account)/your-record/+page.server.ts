// An account not yet linked to a record: why it cannot book or read care plans yet, and the ways
// to reach the record. A linked account (or anyone else) has nothing to do here.
import { redirect } from '@sveltejs/kit';
import { mayFindOwnRecord } from '$lib/server/access/policy';
import { nhsLoginConfigured } from '$lib/server/config';
import { placesToLinkInPerson } from '$lib/server/identity/in-person';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!mayFindOwnRecord(locals.actor)) redirect(303, '/');
	return { nhsLogin: nhsLoginConfigured, places: await placesToLinkInPerson() };
};
