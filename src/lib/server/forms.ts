// Turning a submitted form into typed data, or into errors that pages show. Every schema's
// messages are translation keys, so errors are translated where they are rendered.
import * as v from 'valibot';
import type { FieldError } from '$lib/forms';
import { i18n } from '$lib/i18n';
import { isCommonPassword, maximumPasswordLength, minimumPasswordLength } from './auth/password';

export type FormResult<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldError[]; values: Record<string, string> };

/** Fields whose typed value is never sent back to the page. */
const secretFields = new Set(['password', 'currentPassword', 'code']);

export function parseForm<TSchema extends v.GenericSchema>(
	schema: TSchema,
	form: FormData
): FormResult<v.InferOutput<TSchema>> {
	const input: Record<string, string> = {};
	for (const [name, value] of form) if (typeof value === 'string') input[name] = value;
	const result = v.safeParse(schema, input, { abortPipeEarly: true });
	if (result.success) return { ok: true, data: result.output };
	const errors: FieldError[] = [];
	for (const issue of result.issues) {
		const field = v.getDotPath(issue) ?? '';
		// One message per field: the first problem found is the one to fix first.
		// A schema's own messages are translation keys; anything else (valibot's English for a
		// malformed form, say) becomes a general translated message.
		const message = i18n.exists(issue.message) ? issue.message : 'common.invalidAnswer';
		if (!errors.some((error) => error.field === field)) errors.push({ field, message });
	}
	return { ok: false, errors, values: keepableValues(input) };
}

/** What the person typed, to show back to them, without any secret. */
export function keepableValues(input: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(input).filter(([name]) => !secretFields.has(name)));
}

/** A required text field whose message, when empty, is the given translation key. */
export function requiredText(missingKey: string) {
	return v.pipe(v.optional(v.string(), ''), v.trim(), v.nonEmpty(missingKey));
}

/**
 * A required choice among fixed options. (A bare `v.picklist` reports a missing answer with
 * valibot's own English message, not the given key.)
 */
export function requiredChoice<T extends string>(options: readonly T[], missingKey: string) {
	return v.pipe(
		v.optional(v.string(), ''),
		v.check((value) => (options as readonly string[]).includes(value), missingKey),
		v.transform((value) => value as T)
	);
}

/**
 * A password being chosen (registering, changing, resetting): taken exactly as typed, with no
 * trimming and no composition rules, as the NCSC advises; long enough and not a common one.
 */
export const newPassword = v.pipe(
	v.optional(v.string(), ''),
	v.nonEmpty('register.errors.passwordMissing'),
	v.minLength(minimumPasswordLength, 'register.errors.passwordTooShort'),
	v.maxLength(maximumPasswordLength, 'register.errors.passwordTooLong'),
	v.check((value) => !isCommonPassword(value), 'register.errors.passwordCommon')
);
