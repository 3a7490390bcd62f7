// The plan a contributing page is about: one the person may read and add to, or not found.
import { error } from '@sveltejs/kit';
import { mayCarePlan } from '../access/policy';
import { carePlanOf } from '../care-plans/reading';

export async function planToContributeTo(locals: App.Locals, id: number) {
	const plan = await carePlanOf(locals, id);
	if (!plan) error(404, 'not found');
	// Someone who may read but not add to the plan is refused, not shown a form that fails.
	if (!mayCarePlan(locals, 'care_plans.contribute', plan.label)) error(403, 'forbidden');
	return plan;
}
