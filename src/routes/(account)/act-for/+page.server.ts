import { redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { actingForList, chooseActingFor } from '$lib/server/people/people';
import { clearJourneys } from '$lib/server/web/journeys';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	people: await actingForList(locals.actor),
	current: locals.via === 'proxy' ? String(locals.subject?.patientId) : 'self'
});

export const actions: Actions = {
	default: async ({ cookies, locals, request, url }) => {
		const choice = String((await request.formData()).get('person') ?? '');
		const patientId = choice === 'self' ? null : Number(choice);
		const chosen =
			choice !== '' &&
			(patientId === null || Number.isSafeInteger(patientId)) &&
			(await chooseActingFor(locals.actor!, locals.session!.id, patientId));
		if (!chosen) {
			return formFailure({ field: 'person', message: 'actFor.errors.missing' });
		}
		// Whatever was half-answered was for whoever came before: the new choice starts afresh.
		clearJourneys(cookies, url);
		redirect(303, '/');
	}
};
