import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { travelReasonMaxLength } from '$lib/contact-requests';
import { parseForm, requiredText } from '$lib/server/forms';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const travelForm = v.object({
	travelReason: v.pipe(
		requiredText('contact.errors.travelReasonMissing'),
		v.maxLength(travelReasonMaxLength, 'contact.errors.travelReasonTooLong')
	)
});

function homeVisitDraft(cookies: import('@sveltejs/kit').Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'home-visit', locals);
	// Asked only of someone who chose a home visit.
	if (draft.place !== 'home_visit') redirect(303, contactStepHref('where'));
	return draft;
}

export const load: PageServerLoad = ({ cookies, locals }) => ({
	travelReason: homeVisitDraft(cookies, locals).travelReason,
	maxLength: travelReasonMaxLength
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = homeVisitDraft(cookies, locals);
		const form = parseForm(travelForm, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		contactDraft.save(cookies, url, locals, { ...draft, ...form.data });
		redirect(303, contactStepHref('when'));
	}
};
