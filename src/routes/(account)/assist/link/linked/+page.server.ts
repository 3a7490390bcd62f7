import { error } from '@sveltejs/kit';
import { mayInPerson } from '$lib/server/access';
import { foundOrBack } from '$lib/server/assist/found';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayInPerson(locals.actor, 'records.link')) error(403, 'forbidden');
	return { resident: foundOrBack(locals) };
};
