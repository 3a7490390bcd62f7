import { error, redirect } from '@sveltejs/kit';
import { mayStartCarePlan } from '$lib/server/access/policy';
import { formFailure } from '$lib/server/web/forms';
import { foundResident } from '$lib/server/assist/assist';
import { createCarePlan } from '$lib/server/care-plans/keeping';
import { blankRows, emptyDraft, readPlanForm } from '$lib/server/care-plans/form';
import { teamChoices } from '$lib/server/web/staff-care-plan-routes';
import type { Actions, PageServerLoad } from './$types';

/** A plan is started for the patient just found by exact search, and nobody else. */
async function patientOrBack(locals: App.Locals) {
	if (!mayStartCarePlan(locals.actor) || !locals.session) error(403, 'forbidden');
	const patient = await foundResident(locals.actor, locals.session);
	if (!patient) redirect(303, '/staff/care-plans');
	return patient;
}

export const load: PageServerLoad = async ({ locals }) => ({
	patient: await patientOrBack(locals),
	teams: (await teamChoices()).teams,
	draft: emptyDraft,
	blankRows
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const patient = await patientOrBack(locals);
		const { draft, errors, content } = readPlanForm(
			await request.formData(),
			(await teamChoices()).teamIds
		);
		if (!content) return formFailure(errors, { draft });
		const planId = await createCarePlan(locals.actor!, patient.id, content);
		if (planId === null) error(403, 'forbidden');
		redirect(303, `/staff/care-plans/${planId}`);
	}
};
