import { fail, redirect } from '@sveltejs/kit';
import { chosen } from '$lib/server/web/booking-journey';
import {
	contactReachableWays,
	contactReachChoices,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'reach', locals);
	const { ways, preferred } = contactReachChoices(locals);
	// Start from the way they told us they prefer, if any; never from a guess.
	return { ways, preferred, chosen: draft.reachBy ?? preferred ?? undefined };
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
