import { error } from '@sveltejs/kit';
import { mayStaff } from '$lib/server/access/policy';
import { recentCalls } from '$lib/server/fhir/calls';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!mayStaff(locals.actor, 'fhir_calls.view')) error(404, 'not found');
	return { calls: await recentCalls(locals.actor) };
};
