import { error } from '@sveltejs/kit';
import { mayInPerson } from '$lib/server/access/policy';
import { foundOrBack } from '$lib/server/web/found-resident';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!mayInPerson(locals.actor, 'records.link')) error(403, 'forbidden');
	return { resident: await foundOrBack(locals) };
};
