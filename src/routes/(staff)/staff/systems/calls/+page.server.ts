import { error } from '@sveltejs/kit';
import { mayStaff } from '$lib/server/access/policy';
import { recentCalls } from '$lib/server/fhir/calls';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayStaff(locals.actor, 'fhir_calls.view')) error(404, 'not found');
	return { calls: recentCalls(locals.actor) };
};
