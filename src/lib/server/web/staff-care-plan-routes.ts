// What the staff care plan pages share: the teams to choose from, and the plan kept by the
// staff member's organisation, or not found.
import { error } from '@sveltejs/kit';
import { staffCarePlan } from '../care-plans/keeping';
import { teamDirectory } from '../care-plans/plan-view';

export async function teamChoices() {
	const teams = await teamDirectory();
	return { teams, teamIds: new Set(teams.map((team) => team.id)) };
}

export async function keptPlanOrNotFound(locals: App.Locals, id: number) {
	const plan = await staffCarePlan(locals.actor, id);
	if (!plan) error(404, 'not found');
	return plan;
}
