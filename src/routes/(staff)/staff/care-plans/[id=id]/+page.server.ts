import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { answerQuestion, handOver, versionsOf } from '$lib/server/care-plans/keeping';
import { keptPlanOrNotFound, teamChoices } from '$lib/server/web/staff-care-plan-routes';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

const answer = v.object({
	questionId: v.pipe(v.optional(v.string(), ''), v.digits('common.invalidAnswer')),
	answer: v.pipe(
		requiredText('staff:carePlans.errors.answer'),
		v.maxLength(2000, 'staff:carePlans.errors.tooLong')
	)
});

const handover = v.object({
	actionKey: requiredText('common.invalidAnswer'),
	index: v.pipe(v.optional(v.string(), ''), v.digits('common.invalidAnswer')),
	toTeam: v.pipe(v.optional(v.string(), ''), v.digits('staff:carePlans.errors.team'))
});

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const plan = await keptPlanOrNotFound(locals, Number(params.id));
	return {
		plan,
		versions: await versionsOf(locals.actor, plan.id),
		teams: (await teamChoices()).teams,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	answer: async ({ locals, params, request }) => {
		const plan = await keptPlanOrNotFound(locals, Number(params.id));
		const form = parseForm(answer, await request.formData());
		// Errors name the answer box of the question they are about, for the summary's link.
		const field = `answer-${form.ok ? form.data.questionId : form.values.questionId}`;
		if (!form.ok) {
			return formFailure(form.errors.map((error) => ({ ...error, field })));
		}
		if (
			!(await answerQuestion(
				locals.actor!,
				plan.id,
				Number(form.data.questionId),
				form.data.answer
			))
		) {
			return formFailure({ field, message: 'staff:carePlans.errors.alreadyAnswered' }, {}, 409);
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	},
	handOver: async ({ locals, params, request }) => {
		const plan = await keptPlanOrNotFound(locals, Number(params.id));
		const form = parseForm(handover, await request.formData());
		if (
			!form.ok ||
			!(await handOver(locals.actor!, plan.id, form.data.actionKey, Number(form.data.toTeam)))
		) {
			const index = form.ok ? form.data.index : form.values.index;
			return formFailure({ field: `toTeam-${index}`, message: 'staff:carePlans.errors.handover' });
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	}
};
