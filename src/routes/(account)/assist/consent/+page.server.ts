import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { mayAssist } from '$lib/server/access/policy';
import { consentMethods, startAssistedSession } from '$lib/server/assist/assist';
import { foundOrBack } from '$lib/server/web/found-resident';
import { parseForm, requiredChoice, requiredText } from '$lib/server/forms';
import { clearJourneys } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const durations = ['30', '60', '120', '240'] as const;

const consent = v.object({
	method: requiredChoice(consentMethods, 'assist.errors.consentMethod'),
	place: v.pipe(
		requiredText('assist.errors.consentPlace'),
		v.maxLength(200, 'assist.errors.consentPlace')
	),
	minutes: requiredChoice(durations, 'assist.errors.minutes')
});

/** Only link workers run assisted sessions; staff record relationships instead. */
function residentOrBack(locals: App.Locals) {
	if (!mayAssist(locals.actor)) error(403, 'forbidden');
	return foundOrBack(locals);
}

export const load: PageServerLoad = ({ locals }) => ({
	resident: residentOrBack(locals),
	durations
});

export const actions: Actions = {
	default: async ({ cookies, locals, request, url }) => {
		residentOrBack(locals);
		const form = parseForm(consent, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const { method, place, minutes } = form.data;
		if (
			!startAssistedSession(locals.actor!, locals.session!, {
				method,
				place,
				minutes: Number(minutes)
			})
		) {
			redirect(303, '/assist');
		}
		// The session is now about this resident: nothing half-answered before comes with it.
		clearJourneys(cookies, url);
		redirect(303, '/appointments');
	}
};
