// Said once an account is linked to its record, by a code: their record's pages work at once.
import { redirect } from '@sveltejs/kit';
import { mayFindOwnRecord } from '$lib/server/access/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (mayFindOwnRecord(locals.actor)) redirect(303, '/your-record');
	if (locals.actor?.role !== 'patient') redirect(303, '/');
};
