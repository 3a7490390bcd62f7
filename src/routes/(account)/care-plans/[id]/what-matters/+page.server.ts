import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { setWhatMatters } from '$lib/server/care-plans/reading';
import { planToContributeTo } from '$lib/server/web/care-plan-routes';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const whatMattersLimit = 2000;

const whatMatters = v.object({
	words: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(whatMattersLimit, 'carePlans.errors.whatMattersTooLong')
	)
});

export const load: PageServerLoad = ({ locals, params }) => {
	const plan = planToContributeTo(locals, params.id);
	return { plan: { id: plan.id, title: plan.content.title, whatMatters: plan.whatMatters } };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const plan = planToContributeTo(locals, params.id);
		const form = parseForm(whatMatters, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		if (!setWhatMatters(locals, plan.id, form.data.words, locals.lang)) error(404, 'not found');
		redirect(303, `/care-plans/${plan.id}?notice=whatMattersSaved`);
	}
};
