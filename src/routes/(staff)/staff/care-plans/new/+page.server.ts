import { error, fail, redirect } from '@sveltejs/kit';
import { mayStartCarePlan } from '$lib/server/access/policy';
import { foundResident } from '$lib/server/assist/assist';
import { createCarePlan } from '$lib/server/care-plans/keeping';
import { blankRows, emptyDraft, readPlanForm } from '$lib/server/care-plans/form';
import { teamChoices } from '$lib/server/web/staff-care-plan-routes';
import type { Actions, PageServerLoad } from './$types';

/** A plan is started for the patient just found by exact search, and nobody else. */
function patientOrBack(locals: App.Locals) {
	if (!mayStartCarePlan(locals.actor) || !locals.session) error(403, 'forbidden');
	const patient = foundResident(locals.actor, locals.session);
	if (!patient) redirect(303, '/staff/care-plans');
	return patient;
}

export const load: PageServerLoad = ({ locals }) => ({
	patient: patientOrBack(locals),
	teams: teamChoices().teams,
	draft: emptyDraft,
	blankRows
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const patient = patientOrBack(locals);
		const { draft, errors, content } = readPlanForm(
			await request.formData(),
			teamChoices().teamIds
		);
		if (!content) return fail(400, { errors, draft });
		const planId = createCarePlan(locals.actor!, patient.id, content);
		if (planId === null) error(403, 'forbidden');
		redirect(303, `/staff/care-plans/${planId}`);
	}
};
