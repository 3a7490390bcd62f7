import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { mayAssist } from '$lib/server/access/policy';
import { consentMethods, startAssistedSession } from '$lib/server/assist/assist';
import { foundOrBack } from '$lib/server/web/found-resident';
import { oneOf, parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { clearJourneys } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

const durations = ['30', '60', '120', '240'] as const;

const consent = v.object({
	method: oneOf(consentMethods, 'assist.errors.consentMethod'),
	place: v.pipe(
		requiredText('assist.errors.consentPlace'),
		v.maxLength(200, 'assist.errors.consentPlace')
	),
	minutes: oneOf(durations, 'assist.errors.minutes')
});

/** Only link workers run assisted sessions; staff record relationships instead. */
async function residentOrBack(locals: App.Locals) {
	if (!mayAssist(locals.actor)) error(403, 'forbidden');
	return await foundOrBack(locals);
}

export const load: PageServerLoad = async ({ locals }) => ({
	resident: await residentOrBack(locals),
	durations
});

export const actions: Actions = {
	default: async ({ cookies, locals, request, url }) => {
		await residentOrBack(locals);
		const form = parseForm(consent, await request.formData());
		if (!form.ok) return formFailure(form);
		const { method, place, minutes } = form.data;
		if (
			!(await startAssistedSession(locals.actor!, locals.session!, {
				method,
				place,
				minutes: Number(minutes)
			}))
		) {
			redirect(303, '/assist');
		}
		// The session is now about this resident: nothing half-answered before comes with it.
		clearJourneys(cookies, url);
		redirect(303, '/appointments');
	}
};
