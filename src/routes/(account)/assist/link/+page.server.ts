// Linking the account of the resident found at /assist to their record, with them in front of
// you: the address they sign in with, and what identity was checked. Their activity log says who
// linked it and where.
import { error, redirect } from '@sveltejs/kit';
import { mayInPerson } from '$lib/server/access/policy';
import { foundOrBack } from '$lib/server/web/found-resident';
import { parseIdentifier } from '$lib/server/identifier';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { inPersonLinkForm } from '$lib/server/identity/forms';
import { linkInPerson } from '$lib/server/identity/in-person';
import type { Actions, PageServerLoad } from './$types';

async function linkerOrBack(locals: App.Locals) {
	if (!mayInPerson(locals.actor, 'records.link')) error(403, 'forbidden');
	return await foundOrBack(locals);
}

export const load: PageServerLoad = async ({ locals }) => ({
	resident: await linkerOrBack(locals)
});

export const actions: Actions = {
	default: async ({ locals, request, getClientAddress }) => {
		const resident = await linkerOrBack(locals);
		const form = parseForm(inPersonLinkForm, await request.formData());
		if (!form.ok) return formFailure(form);
		const identifier = parseIdentifier(form.data.identifier);
		if (!identifier) {
			return formFailure(
				{ field: 'identifier', message: 'people.errors.identifierInvalid' },
				{ values: form.values }
			);
		}
		const linked = await linkInPerson(locals.actor, {
			patientId: resident.id,
			identifier,
			checks: form.data.checks,
			address: getClientAddress()
		});
		if (!linked.ok) {
			if (linked.reason === 'not-allowed') error(403, 'forbidden');
			// One answer for an address that is no unlinked account and a record already linked.
			return formFailure(
				{ field: 'identifier', message: 'assist.errors.linkRefused' },
				{ values: form.values }
			);
		}
		redirect(303, '/assist/link/linked');
	}
};
