import { error, fail, redirect } from '@sveltejs/kit';
import { updateCarePlan } from '$lib/server/care-plans/keeping';
import { blankRows, draftOf, readPlanForm } from '$lib/server/care-plans/form';
import { keptPlanOrNotFound, teamChoices } from '$lib/server/web/staff-care-plan-routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const plan = keptPlanOrNotFound(locals, params.id);
	return {
		plan: { id: plan.id, version: plan.version, patient: plan.patient },
		draft: draftOf(plan.content),
		teams: teamChoices().teams,
		blankRows
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const plan = keptPlanOrNotFound(locals, params.id);
		const posted = await request.formData();
		const { draft, errors, content } = readPlanForm(posted, teamChoices().teamIds);
		if (!content) return fail(400, { errors, draft });
		const basedOn = Number(posted.get('version'));
		const outcome = updateCarePlan(locals.actor!, plan.id, basedOn, content);
		if (outcome === 'not-found') error(404, 'not found');
		if (outcome === 'changed-meanwhile') {
			return fail(409, {
				errors: [{ field: 'title', message: 'staff:carePlans.errors.changedMeanwhile' }],
				draft,
				// Still the version this person started from: saving again is refused again, until
				// they open the plan afresh and see the other change.
				version: basedOn
			});
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	}
};
