import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { askQuestion } from '$lib/server/care-plans/reading';
import { planToContributeTo } from '$lib/server/web/care-plan-routes';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

const question = v.object({
	question: v.pipe(
		requiredText('carePlans.errors.questionMissing'),
		v.maxLength(1000, 'carePlans.errors.questionTooLong')
	)
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const plan = await planToContributeTo(locals, Number(params.id));
	return { plan: { id: plan.id, title: plan.content.title } };
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const plan = await planToContributeTo(locals, Number(params.id));
		const form = parseForm(question, await request.formData());
		if (!form.ok) return formFailure(form);
		if (!(await askQuestion(locals, plan.id, form.data.question, locals.lang)))
			error(404, 'not found');
		redirect(303, `/care-plans/${plan.id}?notice=questionSent`);
	}
};
