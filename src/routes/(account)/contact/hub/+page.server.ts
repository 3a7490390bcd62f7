import { redirect } from '@sveltejs/kit';
import { parseChoice } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { communityHubs } from '$lib/server/requests/choices';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

function hubDraft(cookies: import('@sveltejs/kit').Cookies, locals: App.Locals) {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'hub', locals);
	// Asked only of someone who chose a community hub.
	if (draft.place !== 'community_hub') redirect(303, contactStepHref('where'));
	return draft;
}

export const load: PageServerLoad = async ({ cookies, locals }) => ({
	hubs: await communityHubs(),
	chosen: hubDraft(cookies, locals).hub
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = hubDraft(cookies, locals);
		const ids = (await communityHubs()).map((hub) => hub.id);
		const form = parseChoice(await request.formData(), 'hub', ids, 'contact.errors.hubMissing');
		if (!form.ok) return formFailure(form);
		contactDraft.save(cookies, url, locals, { ...draft, hub: form.data.hub });
		redirect(303, contactStepHref('when'));
	}
};
