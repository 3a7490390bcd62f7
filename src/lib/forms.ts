// Form errors as pages receive them: the field, and a translation key for the message.

export type FieldError = { field: string; message: string };

export function errorFor(errors: FieldError[], field: string): string | undefined {
	return errors.find((error) => error.field === field)?.message;
}
