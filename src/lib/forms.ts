// Form errors as pages receive them: the field, and a translation key for the message.

export type FieldError = {
	field: string;
	message: string;
	/**
	 * For a date typed into three boxes: the ids of the boxes the message is about. `field` is
	 * the first of them, where the error summary's link goes.
	 */
	boxes?: string[];
};

/** The boxes of the NHS.UK date input, in the order they are shown; `<name>-day` and so on. */
export const dateParts = ['day', 'month', 'year'] as const;
export type DatePart = (typeof dateParts)[number];

export function errorFor(errors: FieldError[], field: string): string | undefined {
	return errors.find((error) => error.field === field)?.message;
}

/** The ids a field's hint and error have, for its aria-describedby. */
export function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
	const ids = [hasHint ? `${name}-hint` : null, hasError ? `${name}-error` : null].filter(Boolean);
	return ids.length ? ids.join(' ') : undefined;
}
