// The code sent for find my record: the right one, still good and unused, links the account.
// The page says the same to everyone, whether or not a code was sent.
import { fail, redirect } from '@sveltejs/kit';
import { mayFindOwnRecord } from '$lib/server/access/policy';
import { parseForm } from '$lib/server/forms';
import { useRecordCode } from '$lib/server/identity/find-my-record';
import { recordCodeForm } from '$lib/server/identity/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!mayFindOwnRecord(locals.actor)) redirect(303, '/');
};

const refusals = {
	wrong: { status: 400, message: 'yourRecord.errors.codeWrong' },
	'held-back': { status: 429, message: 'yourRecord.errors.codeTooManyTries' }
} as const;

export const actions: Actions = {
	default: async ({ locals, request, getClientAddress }) => {
		if (!mayFindOwnRecord(locals.actor)) redirect(303, '/');
		const form = parseForm(recordCodeForm, await request.formData());
		if (!form.ok) return fail(400, { errors: form.errors });
		const outcome = await useRecordCode(locals.actor, getClientAddress(), form.data.code);
		if (outcome === 'linked') redirect(303, '/your-record/linked');
		if (outcome === 'not-allowed') redirect(303, '/');
		const refusal = refusals[outcome];
		return fail(refusal.status, { errors: [{ field: 'code', message: refusal.message }] });
	}
};
