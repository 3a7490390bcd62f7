import { fail, redirect } from '@sveltejs/kit';
import { chosen } from '$lib/server/web/booking-journey';
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

export const load: PageServerLoad = ({ cookies, locals }) => ({
	hubs: communityHubs(),
	chosen: hubDraft(cookies, locals).hub
});

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const draft = hubDraft(cookies, locals);
		const ids = communityHubs().map((hub) => String(hub.id));
		const hub = chosen(await request.formData(), 'hub', ids);
		if (!hub)
			return fail(400, { errors: [{ field: 'hub', message: 'contact.errors.hubMissing' }] });
		contactDraft.save(cookies, url, locals, { ...draft, hub: Number(hub) });
		redirect(303, contactStepHref('when'));
	}
};
