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
			data: { identifier: 'a@b.org', password: 'long enough' },
			values: { identifier: ' a@b.org ' }
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

describe('parseForm, with what a form should not carry', () => {
	it('answers a refusal with the form’s own fields only, however many others are sent', () => {
		const sent = form({ identifier: '', password: 'short' });
		for (let i = 0; i < 5000; i++) sent.append(`extra${i}`, 'x'.repeat(10));
		const result = parseForm(schema, sent);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.values).toEqual({ identifier: '' });
	});

	it('knows the fields of a schema checked as a whole', () => {
		const checked = v.pipe(
			v.object({ from: requiredText('test.fromMissing'), to: requiredText('test.toMissing') }),
			v.check(({ from, to }) => from < to, 'test.order')
		);
		const result = parseForm(checked, form({ from: 'b', to: 'a', other: 'z' }));
		expect(result).toMatchObject({ ok: false, values: { from: 'b', to: 'a' } });
		if (!result.ok) expect(Object.keys(result.values).sort()).toEqual(['from', 'to']);
	});

	it('takes out characters that change the direction of text, except from a password', () => {
		const controls = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
		const result = parseForm(
			schema,
			form({ identifier: `ad\u202emin${controls}@example.org`, password: `pass\u202eword` })
		);
		expect(result).toMatchObject({
			ok: true,
			data: { identifier: 'admin@example.org', password: 'pass\u202eword' }
		});
		const refused = parseForm(schema, form({ identifier: `\u202e${controls}`, password: 'x' }));
		expect(refused).toMatchObject({ ok: false, values: { identifier: '' } });
		// Arabic and Hebrew letters themselves are kept, of course.
		const arabic = parseForm(schema, form({ identifier: 'مرحبا\u200f!', password: 'long enough' }));
		expect(arabic).toMatchObject({ ok: true, data: { identifier: 'مرحبا!' } });
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
