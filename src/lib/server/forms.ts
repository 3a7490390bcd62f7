// Turning a submitted form into typed data, or into errors that pages show. Every schema's
// messages are translation keys, so errors are translated where they are rendered.
import * as v from 'valibot';
import { dateParts, type DatePart, type FieldError } from '$lib/forms';
import { i18n } from '$lib/i18n';
import { isCalendarDate, londonDate } from '$lib/time';
import { isCommonPassword, maximumPasswordLength, minimumPasswordLength } from './auth/password';
import { holdsNul } from './nul';

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

/**
 * Control characters other than the tab and line breaks: nothing a person types, they show as
 * nothing or as boxes, and FHIR's strings may not hold them (what people write travels on in
 * requests' messages and care plans through the FHIR interface).
 */
// eslint-disable-next-line no-control-regex -- finding them is the point
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** The text without characters that change its direction, nor control characters. */
function withoutControls(text: string): string {
	return text.replace(directionControls, '').replace(controlCharacters, '');
}

/**
 * The schema's own fields, by name: an object's entries (also when checked as a whole in a
 * pipe), or those of every option of a union or intersection.
 */
function fieldsOf(schema: v.GenericSchema): Map<string, unknown> {
	const fields = new Map<string, unknown>();
	const visit = (node: unknown) => {
		if (typeof node !== 'object' || node === null) return;
		if ('entries' in node && typeof node.entries === 'object' && node.entries !== null) {
			for (const [name, entry] of Object.entries(node.entries)) fields.set(name, entry);
		}
		if ('options' in node && Array.isArray(node.options)) node.options.forEach(visit);
		if ('wrapped' in node) visit(node.wrapped);
	};
	visit(schema);
	return fields;
}

/** The schemas made by `dateInput`, whose field is typed into three boxes. */
const dateInputs = new WeakSet<object>();

/** The box a submitted name is, when it is one of a date input's: `dateOfBirth-month`. */
function dateBox(
	name: string,
	fields: Map<string, unknown>
): { field: string; part: DatePart } | undefined {
	const match = /^(.+)-(day|month|year)$/.exec(name);
	const schema = match && fields.get(match[1]!);
	if (!match || typeof schema !== 'object' || schema === null || !dateInputs.has(schema)) {
		return undefined;
	}
	return { field: match[1]!, part: match[2] as DatePart };
}

/**
 * Parses a form with its schema. Every field but a secret loses any direction-control and
 * control characters first, so every form is cleaned once, here. Whatever the answer, `values` holds
 * what was typed into the form's own fields (never a secret) to fill them again: never the
 * other fields a request may carry, however many.
 */
export function parseForm<TSchema extends v.GenericSchema>(
	schema: TSchema,
	form: FormData
): FormResult<v.InferOutput<TSchema>> {
	const fields = fieldsOf(schema);
	const typed: Record<string, string> = {};
	const input: Record<string, unknown> = {};
	for (const [field, schema] of fields) if (dateInputs.has(schema as object)) input[field] = {};
	for (const [name, value] of form) {
		if (typeof value !== 'string') continue;
		const box = dateBox(name, fields);
		if (!box && !fields.has(name)) continue;
		typed[name] = secretFields.has(name) ? value : withoutControls(value);
		// A date's three boxes are checked together, as one field.
		if (box) (input[box.field] as Record<string, string>)[box.part] = typed[name];
		else if (!dateInputs.has(fields.get(name) as object)) input[name] = typed[name];
	}
	const values = keepableValues(typed);
	const result = v.safeParse(schema, input, { abortPipeEarly: true });
	if (result.success) return { ok: true, data: result.output, values };
	const errors: FieldError[] = [];
	for (const issue of result.issues) {
		// A schema's own messages are translation keys; anything else (valibot's English for a
		// malformed form, say) becomes a general translated message.
		const message = i18n.exists(issue.message) ? issue.message : 'common.invalidAnswer';
		const path = v.getDotPath(issue) ?? '';
		const [name = '', part] = path.split('.');
		if (dateInputs.has(fields.get(name) as object)) {
			// One message for a date, on every box it is about; the summary links to the first.
			const boxes = (dateParts as readonly string[]).includes(part ?? '')
				? [`${name}-${part}`]
				: dateParts.map((each) => `${name}-${each}`);
			const ownBoxes = dateParts.map((each) => `${name}-${each}`);
			const earlier = errors.find((error) => ownBoxes.includes(error.field));
			if (!earlier) errors.push({ field: boxes[0]!, message, boxes });
			else if (earlier.message === message) earlier.boxes!.push(...boxes);
			continue;
		}
		// One message per field: the first problem found is the one to fix first.
		if (!errors.some((error) => error.field === path)) errors.push({ field: path, message });
	}
	return { ok: false, errors, values };
}

/** What the person typed, to show back to them, without any secret. */
function keepableValues(input: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(input).filter(([name]) => !secretFields.has(name)));
}

/**
 * The one-time token a form of ours carried (booking, sending a request; the page made it), or
 * none when what was sent cannot be one: not text, too short, or holding NUL, which no token of
 * ours does and PostgreSQL's text cannot hold (./nul.ts). Without one, the form is taken as sent
 * for the first time.
 */
export function oneTimeToken(sent: FormDataEntryValue | null): string | undefined {
	return typeof sent === 'string' && sent.length >= 20 && !holdsNul(sent) ? sent : undefined;
}

/** A required text field whose message, when empty, is the given translation key. */
export function requiredText(missingKey: string) {
	return v.pipe(v.optional(v.string(), ''), v.trim(), v.nonEmpty(missingKey));
}

/** The option offered that a form sent, typed as offered (an id is a number); none for anything else. */
function optionSent<T extends string | number>(
	options: readonly T[],
	sent: unknown
): T | undefined {
	return options.find((option) => String(option) === sent);
}

/**
 * A required choice among the options offered (radios, a select), as a field of a form's
 * schema: the option itself, typed as offered (an id is a number), or the given translation key
 * when nothing or something else is chosen. (A bare `v.picklist` reports a missing answer with
 * valibot's own English message, not the given key.)
 */
export function oneOf<const T extends string | number>(options: readonly T[], missingKey: string) {
	return v.pipe(
		v.optional(v.string(), ''),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const option = optionSent(options, dataset.value);
			if (option !== undefined) return option;
			addIssue({ message: missingKey });
			return NEVER;
		})
	);
}

/**
 * A form that is one required choice, read as `parseForm` reads every form: the option chosen
 * in the field `name`, typed as offered, or the translation key as the field's error.
 */
export function parseChoice<const Name extends string, const T extends string | number>(
	form: FormData,
	name: Name,
	options: readonly T[],
	missingKey: string
): FormResult<Record<Name, T>> {
	return parseForm(v.object({ [name]: oneOf(options, missingKey) }), form) as FormResult<
		Record<Name, T>
	>;
}

/** Checkboxes: the options offered that were chosen, typed, in the order offered; nothing else. */
export function chosenOptions<const T extends string | number>(
	form: FormData,
	name: string,
	options: readonly T[]
): T[] {
	const sent = form.getAll(name);
	return options.filter((option) => sent.includes(String(option)));
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

/** Digits as the app's languages may type them (Arabic, Persian and Urdu, Devanagari, Bengali,
 * Gurmukhi, Gujarati and Tamil), as ASCII digits; a date is typed on whatever keyboard is to hand. */
const digitZeros = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0be6];

function asciiDigits(typed: string): string {
	return typed.replace(/\s/g, '').replace(/\p{Nd}/gu, (digit) => {
		const code = digit.codePointAt(0)!;
		const zero = digitZeros.find((first) => code >= first && code < first + 10);
		return zero === undefined ? digit : String(code - zero);
	});
}

/** The earliest date of birth the date input takes. */
const earliestDate = '1900-01-01';

/**
 * A date someone knows (a date of birth) typed into NHS.UK's date input: day, month and year in
 * three boxes named `<field>-day`, `<field>-month` and `<field>-year`, read together by
 * `parseForm` as one field. Leading zeros and spaces are fine. It must be a real date, with a
 * four-digit year, from 1900 to today (in London). Gives the date as YYYY-MM-DD; errors follow
 * GOV.UK's date input pattern, each a translation key under `keys`, on the boxes it is about:
 * `missing` (nothing typed), `missingDay`, `missingMonth`, `missingYear`, `missingDayMonth`,
 * `missingDayYear`, `missingMonthYear`, `real`, `yearDigits`, `tooEarly` and `future`.
 */
export function dateInput(keys: string) {
	const schema = v.pipe(
		v.object({
			day: v.optional(v.string(), ''),
			month: v.optional(v.string(), ''),
			year: v.optional(v.string(), '')
		}),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const boxes = dataset.value;
			const wrong = (message: string, parts: readonly DatePart[]) => {
				for (const part of parts) {
					addIssue({
						message: `${keys}.${message}`,
						path: [{ type: 'object', origin: 'value', input: boxes, key: part, value: boxes[part] }]
					});
				}
				return NEVER;
			};
			const typed = {
				day: asciiDigits(boxes.day),
				month: asciiDigits(boxes.month),
				year: asciiDigits(boxes.year)
			};
			const missing = dateParts.filter((part) => typed[part] === '');
			if (missing.length === dateParts.length) return wrong('missing', dateParts);
			if (missing.length > 0) {
				const named = missing.map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
				return wrong(`missing${named}`, missing);
			}
			const [day, month] = [Number(typed.day), Number(typed.month)];
			const outOfRange = [
				...(!/^\d+$/.test(typed.day) || day < 1 || day > 31 ? ['day' as const] : []),
				...(!/^\d+$/.test(typed.month) || month < 1 || month > 12 ? ['month' as const] : []),
				...(!/^\d+$/.test(typed.year) ? ['year' as const] : [])
			];
			if (outOfRange.length > 0) return wrong('real', outOfRange);
			if (typed.year.length !== 4) return wrong('yearDigits', ['year']);
			const date = `${typed.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
			// 31 February: each box is possible, the date is not.
			if (!isCalendarDate(date)) return wrong('real', dateParts);
			if (date < earliestDate) return wrong('tooEarly', ['year']);
			if (date > londonDate(new Date())) return wrong('future', dateParts);
			return date;
		})
	);
	dateInputs.add(schema);
	return schema;
}
