import { fail, redirect } from '@sveltejs/kit';
import { chosen } from '$lib/server/appointments/journey';
import { communicationNeedsOf } from '$lib/server/communication-needs';
import {
	contactAsker,
	contactReachableWays,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/requests/journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'reach', locals);
	const { patientId } = contactAsker(locals);
	const ways = contactReachableWays(locals);
	// Start from the way recorded with their communication needs, when we can still use it;
	// otherwise from their account, as other messages go.
	const recorded = patientId === null ? null : communicationNeedsOf(patientId).reachBy;
	const account = (['email', 'sms'] as const).find((way) => ways.includes(way));
	const usual = recorded && ways.includes(recorded) ? recorded : account;
	return { ways, chosen: draft.reachBy ?? usual };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'reach', locals);
		const ways = contactReachableWays(locals);
		const reachBy = chosen(await request.formData(), 'reachBy', ways);
		if (!reachBy) {
			return fail(400, { errors: [{ field: 'reachBy', message: 'contact.errors.reachMissing' }] });
		}
		contactDraft.save(cookies, url, locals, {
			...draft,
			reachBy: reachBy as (typeof ways)[number]
		});
		redirect(303, contactStepHref('check'));
	}
};
