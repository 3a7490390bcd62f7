import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseForm, requiredChoice, requiredText } from './forms';

const schema = v.object({
	identifier: requiredText('register.errors.identifierMissing'),
	password: v.pipe(v.string(), v.minLength(8, 'register.errors.passwordTooShort'))
});

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.append(name, value);
	return data;
}

describe('parseForm', () => {
	it('returns trimmed, typed data for a good form', () => {
		expect(parseForm(schema, form({ identifier: ' a@b.org ', password: 'long enough' }))).toEqual({
			ok: true,
			data: { identifier: 'a@b.org', password: 'long enough' }
		});
	});

	it('gives one translation key per field and never sends a password back', () => {
		const result = parseForm(schema, form({ identifier: '   ', password: 'short' }));
		expect(result).toEqual({
			ok: false,
			errors: [
				{ field: 'identifier', message: 'register.errors.identifierMissing' },
				{ field: 'password', message: 'register.errors.passwordTooShort' }
			],
			values: { identifier: '   ' }
		});
	});

	it("turns valibot's own English into a translated general message", () => {
		const result = parseForm(schema, form({ identifier: 'a@b.org' }));
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors).toEqual([{ field: 'password', message: 'common.invalidAnswer' }]);
		}
	});
});

describe('requiredChoice', () => {
	const schema = v.object({
		colour: requiredChoice(['red', 'blue'] as const, 'test.colourMissing')
	});
	it('gives the translation key when nothing or something else is chosen', () => {
		for (const sent of [new FormData(), form({ colour: 'green' })]) {
			const result = v.safeParse(schema, Object.fromEntries(sent));
			expect(result.success).toBe(false);
			expect(result.issues?.[0]?.message).toBe('test.colourMissing');
		}
		expect(v.parse(schema, { colour: 'blue' })).toEqual({ colour: 'blue' });
	});
});
