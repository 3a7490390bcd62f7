import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { requestTopics } from '$lib/contact-requests';
import { isUnlinkedSelf } from '$lib/server/access/policy';
import { parseForm, requiredChoice } from '$lib/server/forms';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const aboutForm = v.object({
	topic: requiredChoice(requestTopics, 'contact.errors.topicMissing')
});

export const load: PageServerLoad = ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	// Someone whose account has no record yet says who they are first.
	requireContactAnswers(draft, 'about', locals);
	return {
		topic: draft.topic,
		// Someone with no record yet answered "Who are you?" first.
		back: isUnlinkedSelf(locals) ? contactStepHref('identity') : '/'
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = contactDraft.read(cookies, locals);
		requireContactAnswers(draft, 'about', locals);
		const form = parseForm(aboutForm, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		contactDraft.save(cookies, url, locals, { ...draft, ...form.data });
		redirect(303, contactStepHref('details'));
	}
};
