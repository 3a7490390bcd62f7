import { error, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { updateCarePlan } from '$lib/server/care-plans/keeping';
import { blankRows, draftOf, readPlanForm } from '$lib/server/care-plans/form';
import { keptPlanOrNotFound, teamChoices } from '$lib/server/web/staff-care-plan-routes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const plan = await keptPlanOrNotFound(locals, Number(params.id));
	return {
		plan: { id: plan.id, version: plan.version, patient: plan.patient },
		draft: draftOf(plan.content),
		teams: (await teamChoices()).teams,
		blankRows
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const plan = await keptPlanOrNotFound(locals, Number(params.id));
		const posted = await request.formData();
		const { draft, errors, content } = readPlanForm(posted, (await teamChoices()).teamIds);
		if (!content) return formFailure(errors, { draft });
		const basedOn = Number(posted.get('version'));
		const outcome = await updateCarePlan(locals.actor!, plan.id, basedOn, content);
		if (outcome === 'not-found') error(404, 'not found');
		if (outcome === 'changed-meanwhile') {
			return formFailure(
				{ field: 'title', message: 'staff:carePlans.errors.changedMeanwhile' },
				// Still the version this person started from: saving again is refused again, until
				// they open the plan afresh and see the other change.
				{ draft, version: basedOn },
				409
			);
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	}
};
