// Turning a submitted form into typed data, or into errors that pages show. Every schema's
// messages are translation keys, so errors are translated where they are rendered.
import * as v from 'valibot';
import type { FieldError } from '$lib/forms';
import { i18n } from '$lib/i18n';
import { isCommonPassword, maximumPasswordLength, minimumPasswordLength } from './auth/password';

export type FormResult<T> =
	| { ok: true; data: T; values: Record<string, string> }
	| { ok: false; errors: FieldError[]; values: Record<string, string> };

/** Fields whose typed value is never sent back to the page, nor changed in any way. */
const secretFields = new Set(['password', 'currentPassword', 'code']);

/**
 * Characters that only change the direction of the text around them (embeddings, overrides and
 * isolates, and the left-to-right, right-to-left and Arabic marks). Typed into a name or an
 * address, they can make it read as something else on a staff page, in a message or on a
 * letter ("\u202egro.elpmaxe@" shows as an address it is not). Pages isolate people's words
 * with `dir="auto"` and `<bdi>`, so nothing typed needs them.
 */
const directionControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text without characters that change its direction. */
function withoutDirectionControls(text: string): string {
	return text.replace(directionControls, '');
}

/**
 * The names of a schema's own fields: an object's entries (also when checked as a whole in a
 * pipe), or those of every option of a union or intersection.
 */
function fieldsOf(schema: v.GenericSchema): Set<string> {
	const fields = new Set<string>();
	const visit = (node: unknown) => {
		if (typeof node !== 'object' || node === null) return;
		if ('entries' in node && typeof node.entries === 'object' && node.entries !== null) {
			for (const name of Object.keys(node.entries)) fields.add(name);
		}
		if ('options' in node && Array.isArray(node.options)) node.options.forEach(visit);
		if ('wrapped' in node) visit(node.wrapped);
	};
	visit(schema);
	return fields;
}

/**
 * Parses a form with its schema. Every field but a secret loses any direction-control
 * characters first, so every form is cleaned once, here. Whatever the answer, `values` holds
 * what was typed into the form's own fields (never a secret) to fill them again: never the
 * other fields a request may carry, however many.
 */
export function parseForm<TSchema extends v.GenericSchema>(
	schema: TSchema,
	form: FormData
): FormResult<v.InferOutput<TSchema>> {
	const fields = fieldsOf(schema);
	const input: Record<string, string> = {};
	for (const [name, value] of form) {
		if (typeof value !== 'string' || !fields.has(name)) continue;
		input[name] = secretFields.has(name) ? value : withoutDirectionControls(value);
	}
	const values = keepableValues(input);
	const result = v.safeParse(schema, input, { abortPipeEarly: true });
	if (result.success) return { ok: true, data: result.output, values };
	const errors: FieldError[] = [];
	for (const issue of result.issues) {
		const field = v.getDotPath(issue) ?? '';
		// One message per field: the first problem found is the one to fix first.
		// A schema's own messages are translation keys; anything else (valibot's English for a
		// malformed form, say) becomes a general translated message.
		const message = i18n.exists(issue.message) ? issue.message : 'common.invalidAnswer';
		if (!errors.some((error) => error.field === field)) errors.push({ field, message });
	}
	return { ok: false, errors, values };
}

/** What the person typed, to show back to them, without any secret. */
function keepableValues(input: Record<string, string>): Record<string, string> {
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
