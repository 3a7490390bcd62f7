// A refused form, as every form page reads it. Web only: the schemas that read forms are in
// lib/server/forms.ts, where the domain's own form schemas reach them too.
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { FieldError } from '$lib/forms';
import type { FormResult } from '../forms';

/** A refused form's status: not answered right (400), too late (409), too often (429). */
type FailureStatus = 400 | 409 | 429;

/** What `parseForm` gives for a form it did not accept. */
type FailedForm = Extract<FormResult<unknown>, { ok: false }>;

/**
 * A form not accepted, as every form page reads it: `errors` (each a field and a translation
 * key) and, given a failed `parseForm`, the `values` typed (never a secret) to fill the form
 * again; anything else a page needs (`values` of its own, say) in `more`. 400 unless told.
 */
export function formFailure<More extends object = object>(
	failed: FailedForm,
	more?: More,
	status?: FailureStatus
): ActionFailure<{ errors: FieldError[]; values: Record<string, string> } & More>;
export function formFailure<More extends object = object>(
	errors: FieldError | FieldError[],
	more?: More,
	status?: FailureStatus
): ActionFailure<{ errors: FieldError[] } & More>;
export function formFailure(
	refusal: FieldError | FieldError[] | FailedForm,
	more: object = {},
	status: FailureStatus = 400
) {
	if (Array.isArray(refusal)) return fail(status, { errors: refusal, ...more });
	if ('ok' in refusal)
		return fail(status, { errors: refusal.errors, values: refusal.values, ...more });
	return fail(status, { errors: [refusal], ...more });
}
