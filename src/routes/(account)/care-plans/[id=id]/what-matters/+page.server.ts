import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { setWhatMatters } from '$lib/server/care-plans/reading';
import { planToContributeTo } from '$lib/server/web/care-plan-routes';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

const whatMattersLimit = 2000;

const whatMatters = v.object({
	words: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(whatMattersLimit, 'carePlans.errors.whatMattersTooLong')
	)
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const plan = await planToContributeTo(locals, Number(params.id));
	return { plan: { id: plan.id, title: plan.content.title, whatMatters: plan.whatMatters } };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const plan = await planToContributeTo(locals, Number(params.id));
		const form = parseForm(whatMatters, await request.formData());
		if (!form.ok) return formFailure(form);
		if (!(await setWhatMatters(locals, plan.id, form.data.words, locals.lang)))
			error(404, 'not found');
		redirect(303, `/care-plans/${plan.id}?notice=whatMattersSaved`);
	}
};
