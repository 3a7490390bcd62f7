import { error } from '@sveltejs/kit';
import { may, mayCarePlan } from '$lib/server/access/policy';
import { carePlanOf } from '$lib/server/care-plans/reading';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	// A plan this person may not read does not exist for them, whatever id is typed.
	const plan = await carePlanOf(locals, Number(params.id));
	if (!plan) error(404, 'not found');
	return {
		plan,
		mayContribute: mayCarePlan(locals, 'care_plans.contribute', plan.label),
		mayOpenAppointments: may(locals, 'appointments.view'),
		notice: url.searchParams.get('notice')
	};
};
