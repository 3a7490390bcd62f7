import { error } from '@sveltejs/kit';
import { versionOf } from '$lib/server/care-plans/keeping';
import { keptPlanOrNotFound } from '$lib/server/web/staff-care-plan-routes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const plan = await keptPlanOrNotFound(locals, Number(params.id));
	const version = await versionOf(locals.actor, plan.id, Number(params.version));
	if (!version) error(404, 'not found');
	return { plan: { id: plan.id, patient: plan.patient }, version };
};
