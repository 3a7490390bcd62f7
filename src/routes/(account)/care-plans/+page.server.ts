import { error } from '@sveltejs/kit';
import { may } from '$lib/server/access/policy';
import { plansOf } from '$lib/server/care-plans/reading';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!may(locals, 'care_plans.view')) error(404, 'not found');
	return { plans: await plansOf(locals) };
};
