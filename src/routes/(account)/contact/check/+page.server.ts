import { error, redirect } from '@sveltejs/kit';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { formatNhsNumber } from '$lib/server/assist/nhs-number';
import { ownCommunicationNeeds } from '$lib/server/communication-needs';
import { oneTimeToken } from '$lib/server/forms';
import { communityHubs, servicesFor } from '$lib/server/requests/choices';
import { contactStepHref, requireContactAnswers } from '$lib/server/web/contact-journey';
import { completeAnswers, makeRequest } from '$lib/server/requests/asking';
import { contactDraft } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
	const draft = contactDraft.read(cookies, locals);
	requireContactAnswers(draft, 'check', locals);
	const answers = completeAnswers(draft);
	if (!answers) redirect(303, contactStepHref('about'));
	const service = (await servicesFor(locals, answers.topic)).find((s) => s.id === answers.service);
	if (!service) redirect(303, contactStepHref('who'));
	const needs = await ownCommunicationNeeds(locals);
	const token = new Uint8Array(20);
	crypto.getRandomValues(token);
	return {
		answers,
		service,
		hub: (await communityHubs()).find((hub) => hub.id === answers.hub) ?? null,
		// Who they said they are, when their account has no record yet.
		identityNhsNumber: answers.identity?.nhsNumber
			? formatNhsNumber(answers.identity.nhsNumber)
			: null,
		// The needs that will go with the request, to those who may see and change them.
		needs: needs && {
			...needs,
			interpreter: spokenLanguage(needs.interpreterLanguage)?.own ?? null
		},
		// One-time: the same form sent twice sends once.
		sendToken: encodeBase32LowerCaseNoPadding(token)
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const sendToken = oneTimeToken((await request.formData()).get('sendToken'));
		const answers = completeAnswers(contactDraft.read(cookies, locals));
		if (!answers) redirect(303, contactStepHref('about'));
		const result = await makeRequest(locals, answers, sendToken);
		if (!result.ok) {
			if (result.reason === 'not-permitted') error(404, 'not found');
			// A service, hub or way of contact no longer open to them: ask again from the start.
			redirect(303, contactStepHref('who'));
		}
		contactDraft.clear(cookies, url);
		redirect(303, `/contact/${result.id}/sent`);
	}
};
