import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { spokenLanguages } from '$lib/i18n/spoken-languages';
import {
	ownCommunicationNeeds,
	reachableWays,
	saveCommunicationNeeds
} from '$lib/server/communication-needs';
import { communicationNeedKinds, reachMethods } from '$lib/communication-needs';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import type { Actions, PageServerLoad } from './$types';

const interpreterCodes = spokenLanguages.map((language) => language.code);

const needsForm = v.object({
	interpreterLanguage: v.pipe(
		v.optional(v.string(), ''),
		v.check(
			(code) => code === '' || interpreterCodes.includes(code),
			'communicationNeeds.errors.language'
		)
	),
	other: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(500, 'communicationNeeds.errors.otherTooLong')
	),
	reachBy: v.pipe(
		v.optional(v.string(), ''),
		v.check(
			(method) => method === '' || (reachMethods as readonly string[]).includes(method),
			'communicationNeeds.errors.reachBy'
		)
	)
});

async function needsOrNotFound(locals: App.Locals) {
	const needs = await ownCommunicationNeeds(locals);
	if (!needs) error(404, 'not found');
	return needs;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const needs = await needsOrNotFound(locals);
	// The ways we can use, as asking to be seen offers them. A way chosen before that can no
	// longer be used stays listed, and chosen, so that saving another need never clears it unseen:
	// saving it says why it cannot be kept.
	const ways = await reachableWays(locals.subject!.patientId);
	if (needs.reachBy && !ways.includes(needs.reachBy)) ways.push(needs.reachBy);
	return { needs, ways, saved: url.searchParams.has('saved') };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		await needsOrNotFound(locals);
		const posted = await request.formData();
		const form = parseForm(needsForm, posted);
		const ticked = posted.getAll('needs').filter((value) => typeof value === 'string');
		const needs = communicationNeedKinds.filter((kind) => ticked.includes(kind));
		if (!form.ok) return formFailure(form, { needs });
		const outcome = await saveCommunicationNeeds(
			locals,
			{
				interpreterLanguage: form.data.interpreterLanguage || null,
				needs,
				other: form.data.other || null,
				otherLanguage: null,
				reachBy: (form.data.reachBy || null) as (typeof reachMethods)[number] | null
			},
			locals.lang
		);
		if (outcome === 'not-allowed') error(404, 'not found');
		if (outcome === 'unreachable') {
			return formFailure(
				{ field: 'reachBy', message: 'communicationNeeds.errors.reachUnavailable' },
				{ values: form.data, needs }
			);
		}
		redirect(303, '/settings/communication-needs?saved');
	}
};
