import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { consentMethods } from '$lib/server/db/schema';
import { foundResident, startAssistedSession } from '$lib/server/assist/assist';
import { parseForm, requiredChoice, requiredText } from '$lib/server/forms';
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

function residentOrBack(locals: App.Locals) {
	if (!locals.session) error(403, 'forbidden');
	// Only the resident just found by exact search: there is no way to name anyone else here.
	const resident = foundResident(locals.actor, locals.session);
	if (!resident) redirect(303, '/assist');
	return resident;
}

export const load: PageServerLoad = ({ locals }) => ({
	resident: residentOrBack(locals),
	durations
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
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
		redirect(303, '/appointments');
	}
};
