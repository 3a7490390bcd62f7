import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { answerQuestion, handOver, versionsOf } from '$lib/server/care-plans/keeping';
import { keptPlanOrNotFound, teamChoices } from '$lib/server/web/staff-care-plan-routes';
import { parseForm, requiredText } from '$lib/server/forms';
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

export const load: PageServerLoad = ({ locals, params, url }) => {
	const plan = keptPlanOrNotFound(locals, params.id);
	return {
		plan,
		versions: versionsOf(locals.actor, plan.id),
		teams: teamChoices().teams,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	answer: async ({ locals, params, request }) => {
		const plan = keptPlanOrNotFound(locals, params.id);
		const form = parseForm(answer, await request.formData());
		// Errors name the answer box of the question they are about, for the summary's link.
		const field = `answer-${form.ok ? form.data.questionId : form.values.questionId}`;
		if (!form.ok) {
			return fail(400, { errors: form.errors.map((error) => ({ ...error, field })) });
		}
		if (!answerQuestion(locals.actor!, plan.id, Number(form.data.questionId), form.data.answer)) {
			return fail(409, {
				errors: [{ field, message: 'staff:carePlans.errors.alreadyAnswered' }]
			});
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	},
	handOver: async ({ locals, params, request }) => {
		const plan = keptPlanOrNotFound(locals, params.id);
		const form = parseForm(handover, await request.formData());
		if (
			!form.ok ||
			!handOver(locals.actor!, plan.id, form.data.actionKey, Number(form.data.toTeam))
		) {
			const index = form.ok ? form.data.index : form.values.index;
			return fail(400, {
				errors: [{ field: `toTeam-${index}`, message: 'staff:carePlans.errors.handover' }]
			});
		}
		redirect(303, `/staff/care-plans/${plan.id}?saved=1`);
	}
};
