// "Who are you?": the first question for someone whose account has no record yet, so that staff
// can match their request to one. Kept with the journey's other answers, for this account alone.
import { fail, redirect } from '@sveltejs/kit';
import { isUnlinkedSelf } from '$lib/server/access/policy';
import { parseForm } from '$lib/server/forms';
import { contactAsker, contactStepHref, statedIdentityForm } from '$lib/server/web/contact-journey';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

/** Only for an account with no record: anyone else's journey starts with what it is about. */
function onlyUnlinked(locals: App.Locals) {
	contactAsker(locals);
	if (!isUnlinkedSelf(locals)) redirect(303, contactStepHref('about'));
}

export const load: PageServerLoad = ({ cookies, locals }) => {
	onlyUnlinked(locals);
	const { identity } = contactDraft.read(cookies, locals);
	return {
		values: identity
			? { ...identity, nhsNumber: identity.nhsNumber ?? '' }
			: ({} as Record<string, string>)
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		onlyUnlinked(locals);
		const form = parseForm(statedIdentityForm, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const { givenName, familyName, dateOfBirth, postcode, nhsNumber } = form.data;
		contactDraft.save(cookies, url, locals, {
			...contactDraft.read(cookies, locals),
			identity: {
				givenName,
				familyName,
				dateOfBirth,
				postcode: postcode.toUpperCase().replace(/\s+/g, ' ').trim(),
				nhsNumber
			}
		});
		redirect(303, contactStepHref('about'));
	}
};
