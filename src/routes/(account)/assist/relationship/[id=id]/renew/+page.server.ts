import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { mayInPerson } from '$lib/server/access/policy';
import { foundOrBack } from '$lib/server/web/found-resident';
import { parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { relationshipsOf, renewParentAccess } from '$lib/server/people/in-person';
import type { Actions, PageServerLoad } from './$types';

const renewal = v.object({
	note: v.pipe(requiredText('inPerson.errors.note'), v.maxLength(1000, 'inPerson.errors.tooLong'))
});

/** Only a parent's access to the resident found, that can still be renewed, by staff. */
async function renewableOrNotFound(locals: App.Locals, id: number) {
	if (!mayInPerson(locals.actor, 'relationships.renew')) error(403, 'forbidden');
	const resident = await foundOrBack(locals);
	const relationship = (await relationshipsOf(locals.actor, resident.id)).find(
		(r) => r.id === id && r.renewable
	);
	if (!relationship) error(404, 'not found');
	return { resident, relationship };
}

export const load: PageServerLoad = async ({ locals, params }) =>
	await renewableOrNotFound(locals, Number(params.id));

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const { resident, relationship } = await renewableOrNotFound(locals, Number(params.id));
		const form = parseForm(renewal, await request.formData());
		if (!form.ok) return formFailure(form);
		if (!(await renewParentAccess(locals.actor!, resident.id, relationship.id, form.data.note))) {
			error(404, 'not found');
		}
		redirect(303, '/assist/relationship');
	}
};
