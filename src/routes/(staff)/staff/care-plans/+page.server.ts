import { error, redirect } from '@sveltejs/kit';
import { mayStartCarePlan } from '$lib/server/access/policy';
import { findResident, foundResident } from '$lib/server/assist/assist';
import { residentDetails } from '$lib/server/assist/forms';
import { takeResidentSearch } from '$lib/server/assist/resident-search';
import { staffPlansOf, waitingQuestions } from '$lib/server/care-plans/keeping';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

function staffOnly(locals: App.Locals) {
	if (!mayStartCarePlan(locals.actor) || !locals.session) error(403, 'forbidden');
	return { actor: locals.actor!, session: locals.session };
}

export const load: PageServerLoad = async ({ locals }) => {
	const { actor, session } = staffOnly(locals);
	const patient = await foundResident(actor, session);
	return {
		patient,
		plans: patient ? await staffPlansOf(actor, patient.id) : [],
		questions: await waitingQuestions(actor)
	};
};

export const actions: Actions = {
	// Patients are found by exact details, as link workers find them: no browsing of people.
	find: async ({ locals, request, getClientAddress }) => {
		const { actor, session } = staffOnly(locals);
		const form = parseForm(residentDetails, await request.formData());
		if (!form.ok) return formFailure(form);
		// One allowance with the searches at /assist: found or not, each counts and is logged.
		if (await takeResidentSearch(actor, getClientAddress(), 'staff_find')) {
			return formFailure(
				{ field: 'givenName', message: 'staff:carePlans.errors.tooManySearches' },
				{ values: form.data },
				429
			);
		}
		if (!(await findResident(actor, session.id, form.data))) {
			return formFailure(
				{ field: 'givenName', message: 'staff:carePlans.errors.notFound' },
				{ values: form.data }
			);
		}
		redirect(303, '/staff/care-plans');
	}
};
