import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { FieldError } from '$lib/forms';
import {
	organisationsToRegister,
	readRegistration,
	registerClient,
	type RegistrationProblems
} from '$lib/server/fhir/clients';
import { parseForm } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { systemsAdmin } from '$lib/server/web/system-routes';
import type { Actions, PageServerLoad } from './$types';

/** What was typed, as text: what is right about it is readRegistration's to say. */
const typed = v.optional(v.string(), '');
const registrationForm = v.object({
	name: typed,
	organisationId: typed,
	jwks: typed,
	scopes: typed
});

/** The fields in the order they are on the page, as the error summary lists them. */
const fields = ['name', 'organisationId', 'jwks', 'scopes'] as const;

export const load: PageServerLoad = async ({ locals }) => ({
	organisations: await organisationsToRegister(systemsAdmin(locals))
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const admin = systemsAdmin(locals);
		const parsed = parseForm(registrationForm, await request.formData());
		if (!parsed.ok) return formFailure(parsed);
		const { registration, problems } = await readRegistration(parsed.data);
		if (!registration) return formFailure(errorsOf(problems), { values: parsed.values });
		const { id } = await registerClient(admin, registration);
		redirect(303, `/staff/systems/${id}`);
	}
};

function errorsOf(problems: RegistrationProblems): FieldError[] {
	return fields.flatMap((field) => {
		const problem = problems[field];
		return problem ? [{ field, message: `staff:systems.new.errors.${field}.${problem}` }] : [];
	});
}
