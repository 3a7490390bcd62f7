import { error, fail, redirect } from '@sveltejs/kit';
import { mayAssist, mayInPerson } from '$lib/server/access';
import { registerResident } from '$lib/server/assist/assist';
import { newResident } from '$lib/server/assist/forms';
import { parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const refusals = {
	'already-registered': { field: 'givenName', message: 'assist.errors.alreadyRegistered' },
	'nhs-number-registered': { field: 'nhsNumber', message: 'assist.errors.nhsNumberRegistered' }
} as const;

export const load: PageServerLoad = ({ locals }) => {
	if (!mayInPerson(locals.actor, 'residents.register')) error(403, 'forbidden');
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		if (!mayInPerson(locals.actor, 'residents.register') || !locals.session) {
			error(403, 'forbidden');
		}
		const form = parseForm(newResident, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const result = registerResident(locals.actor!, locals.session.id, form.data);
		if (!result.ok) {
			if (result.reason === 'not-allowed') error(403, 'forbidden');
			return fail(400, {
				errors: [refusals[result.reason]],
				values: {
					...form.data,
					nhsNumber: form.data.nhsNumber ?? '',
					address: form.data.address ?? ''
				}
			});
		}
		redirect(303, mayAssist(locals.actor) ? '/assist/consent' : '/assist/relationship');
	}
};
