import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import {
	contactReachableWays,
	contactReachChoices,
	contactStepHref,
	requireContactAnswers
} from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'reach', locals);
	const { ways, preferred } = await contactReachChoices(locals);
	// Start from the way they told us they prefer, if any; never from a guess.
	return { ways, preferred, chosen: draft.reachBy ?? preferred ?? undefined };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'reach', locals);
		const ways = await contactReachableWays(locals);
		const form = parseChoice(
			await request.formData(),
			'reachBy',
			ways,
			'contact.errors.reachMissing'
		);
		if (!form.ok) return formFailure(form);
		contactDraft.save(cookies, url, locals, { ...draft, reachBy: form.data.reachBy });
		redirect(303, contactStepHref('check'));
	}
};
