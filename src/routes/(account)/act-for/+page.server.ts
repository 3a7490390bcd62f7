import { fail, redirect } from '@sveltejs/kit';
import { actingForList, chooseActingFor } from '$lib/server/people/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	people: actingForList(locals.actor),
	current: locals.via === 'proxy' ? String(locals.subject?.patientId) : 'self'
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const choice = String((await request.formData()).get('person') ?? '');
		const patientId = choice === 'self' ? null : Number(choice);
		const chosen =
			choice !== '' &&
			(patientId === null || Number.isSafeInteger(patientId)) &&
			chooseActingFor(locals.actor!, locals.session!.id, patientId);
		if (!chosen) {
			return fail(400, { errors: [{ field: 'person', message: 'actFor.errors.missing' }] });
		}
		redirect(303, '/');
	}
};
