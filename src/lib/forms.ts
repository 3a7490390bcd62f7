// Form errors as pages receive them: the field, and a translation key for the message.

export type FieldError = { field: string; message: string };

export function errorFor(errors: FieldError[], field: string): string | undefined {
	return errors.find((error) => error.field === field)?.message;
}

/** The ids a field's hint and error have, for its aria-describedby. */
export function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
	const ids = [hasHint ? `${name}-hint` : null, hasError ? `${name}-error` : null].filter(Boolean);
	return ids.length ? ids.join(' ') : undefined;
}
