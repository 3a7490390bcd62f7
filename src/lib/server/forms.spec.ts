import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { addDays, londonDate } from '$lib/time';
import {
	chosenOptions,
	dateInput,
	oneOf,
	oneTimeToken,
	parseChoice,
	parseForm,
	requiredText
} from './forms';

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

	it('takes out control characters but tabs and line breaks, except from a password', () => {
		const result = parseForm(
			schema,
			form({ identifier: `\u0000ad\u001cmin\t@\r\nexample\u0008.org`, password: 'pass\u0000word' })
		);
		expect(result).toMatchObject({
			ok: true,
			data: { identifier: 'admin\t@\r\nexample.org', password: 'pass\u0000word' }
		});
	});
});

describe('oneTimeToken', () => {
	it('is the token a form carried, or none for what cannot be one of ours', () => {
		const token = 'abcdefghijklmnopqrstuvwxyz';
		expect(oneTimeToken(token)).toBe(token);
		expect(oneTimeToken(null)).toBeUndefined();
		expect(oneTimeToken('short')).toBeUndefined();
		expect(oneTimeToken(new File(['x'], token))).toBeUndefined();
		// Looked up as sent: PostgreSQL's text cannot hold NUL (nul.ts).
		expect(oneTimeToken(`${token}\u0000`)).toBeUndefined();
	});
});

describe('oneOf', () => {
	const schema = v.object({
		colour: oneOf(['red', 'blue'] as const, 'test.colourMissing')
	});
	it('gives the translation key when nothing or something else is chosen', () => {
		for (const sent of [new FormData(), form({ colour: 'green' })]) {
			const result = v.safeParse(schema, Object.fromEntries(sent));
			expect(result.success).toBe(false);
			expect(result.issues?.[0]?.message).toBe('test.colourMissing');
		}
		expect(v.parse(schema, { colour: 'blue' })).toEqual({ colour: 'blue' });
	});
	it('gives an id offered as the number it is, and nothing like it', () => {
		const ids = v.object({ service: oneOf([7, 12], 'booking.errors.serviceMissing') });
		expect(parseForm(ids, form({ service: '12' }))).toMatchObject({
			ok: true,
			data: { service: 12 }
		});
		for (const sent of ['3', '012', '12.0', ' 12', '']) {
			expect(parseForm(ids, form({ service: sent }))).toMatchObject({
				ok: false,
				errors: [{ field: 'service', message: 'booking.errors.serviceMissing' }]
			});
		}
	});
});

describe('parseChoice', () => {
	it('reads a form of one choice: the option typed, or the key on its field', () => {
		expect(parseChoice(form({ hub: '4' }), 'hub', [3, 4], 'contact.errors.hubMissing')).toEqual({
			ok: true,
			data: { hub: 4 },
			values: { hub: '4' }
		});
		expect(parseChoice(form({ hub: '5' }), 'hub', [3, 4], 'contact.errors.hubMissing')).toEqual({
			ok: false,
			errors: [{ field: 'hub', message: 'contact.errors.hubMissing' }],
			values: { hub: '5' }
		});
		expect(parseChoice(new FormData(), 'hub', [3, 4], 'contact.errors.hubMissing')).toMatchObject({
			ok: false,
			errors: [{ field: 'hub', message: 'contact.errors.hubMissing' }]
		});
	});
});

describe('chosenOptions', () => {
	it('gives the options ticked, typed and in the order offered, and ignores anything else', () => {
		const sent = new FormData();
		for (const value of ['blue', 'green', 'red', 'blue']) sent.append('colours', value);
		expect(chosenOptions(sent, 'colours', ['red', 'blue', 'white'] as const)).toEqual([
			'red',
			'blue'
		]);
		sent.append('ids', '2');
		expect(chosenOptions(sent, 'ids', [1, 2, 3])).toEqual([2]);
		expect(chosenOptions(new FormData(), 'colours', ['red'])).toEqual([]);
	});
});

describe('dateInput', () => {
	const keys = 'assist.errors.dateOfBirth';
	const schema = v.object({
		givenName: requiredText('assist.errors.givenName'),
		dateOfBirth: dateInput(keys)
	});
	const typed = (day: string, month: string, year: string, givenName = 'Maureen') =>
		parseForm(
			schema,
			form({
				givenName,
				'dateOfBirth-day': day,
				'dateOfBirth-month': month,
				'dateOfBirth-year': year
			})
		);

	it('reads the three boxes as one date, with leading zeros and spaces', () => {
		expect(typed('30', '11', '1939')).toEqual({
			ok: true,
			data: { givenName: 'Maureen', dateOfBirth: '1939-11-30' },
			values: {
				givenName: 'Maureen',
				'dateOfBirth-day': '30',
				'dateOfBirth-month': '11',
				'dateOfBirth-year': '1939'
			}
		});
		expect(typed(' 05 ', '03', ' 1 984')).toMatchObject({ data: { dateOfBirth: '1984-03-05' } });
		expect(typed('005', '3', '1984')).toMatchObject({ data: { dateOfBirth: '1984-03-05' } });
		// Typed on an Arabic or Bengali keyboard.
		expect(typed('١٥', '٣', '١٩٨٤')).toMatchObject({ data: { dateOfBirth: '1984-03-15' } });
		expect(typed('১৫', '৩', '১৯৮৪')).toMatchObject({ data: { dateOfBirth: '1984-03-15' } });
	});

	it('takes 29 February only in a leap year', () => {
		expect(typed('29', '2', '2000')).toMatchObject({
			ok: true,
			data: { dateOfBirth: '2000-02-29' }
		});
		expect(typed('29', '2', '1984')).toMatchObject({
			ok: true,
			data: { dateOfBirth: '1984-02-29' }
		});
		for (const year of ['1900', '1983', '2023']) {
			expect(typed('29', '2', year)).toMatchObject({
				ok: false,
				errors: [
					{
						field: 'dateOfBirth-day',
						message: `${keys}.real`,
						boxes: ['dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year']
					}
				]
			});
		}
	});

	it('says which boxes are missing, and links to the first', () => {
		const cases: [string, string, string, string, string[]][] = [
			['', '', '', 'missing', ['day', 'month', 'year']],
			['', '3', '1984', 'missingDay', ['day']],
			['15', ' ', '1984', 'missingMonth', ['month']],
			['15', '3', '', 'missingYear', ['year']],
			['', '', '1984', 'missingDayMonth', ['day', 'month']],
			['', '3', '', 'missingDayYear', ['day', 'year']],
			['15', '', '', 'missingMonthYear', ['month', 'year']]
		];
		for (const [day, month, year, message, boxes] of cases) {
			const ids = boxes.map((box) => `dateOfBirth-${box}`);
			expect(typed(day, month, year)).toMatchObject({
				ok: false,
				errors: [{ field: ids[0], message: `${keys}.${message}`, boxes: ids }]
			});
		}
	});

	it('refuses dates that are not real, on the boxes that are wrong', () => {
		const cases: [string, string, string, string, string[]][] = [
			['32', '3', '1984', 'real', ['day']],
			['0', '3', '1984', 'real', ['day']],
			['15', '13', '1984', 'real', ['month']],
			['fifteen', 'March', '1984', 'real', ['day', 'month']],
			['15', '3', '84', 'yearDigits', ['year']],
			['15', '3', '19845', 'yearDigits', ['year']],
			['31', '4', '1984', 'real', ['day', 'month', 'year']],
			['31', '12', '1899', 'tooEarly', ['year']]
		];
		for (const [day, month, year, message, boxes] of cases) {
			const ids = boxes.map((box) => `dateOfBirth-${box}`);
			expect(typed(day, month, year)).toMatchObject({
				ok: false,
				errors: [{ field: ids[0], message: `${keys}.${message}`, boxes: ids }],
				values: { 'dateOfBirth-day': day, 'dateOfBirth-month': month, 'dateOfBirth-year': year }
			});
		}
		expect(typed('1', '1', '1900')).toMatchObject({
			ok: true,
			data: { dateOfBirth: '1900-01-01' }
		});
	});

	it('takes today but not tomorrow, in London', () => {
		const [year, month, day] = londonDate(new Date()).split('-');
		expect(typed(day!, month!, year!)).toMatchObject({ ok: true });
		const [nextYear, nextMonth, nextDay] = addDays(londonDate(new Date()), 1).split('-');
		expect(typed(nextDay!, nextMonth!, nextYear!)).toMatchObject({
			ok: false,
			errors: [{ field: 'dateOfBirth-day', message: `${keys}.future` }]
		});
	});

	it('reports the date with the other fields, and never as more than one message', () => {
		expect(typed('', '', '', ' ')).toMatchObject({
			ok: false,
			errors: [
				{ field: 'givenName', message: 'assist.errors.givenName' },
				{ field: 'dateOfBirth-day', message: `${keys}.missing` }
			]
		});
		// Boxes never sent at all are missing, not a malformed form.
		expect(parseForm(schema, form({ givenName: 'Maureen' }))).toMatchObject({
			errors: [{ field: 'dateOfBirth-day', message: `${keys}.missing` }]
		});
		// A field of the same name sent whole, or a box of a field that is not a date, is ignored.
		expect(
			parseForm(
				schema,
				form({ givenName: 'Maureen', 'givenName-day': '1', dateOfBirth: '1939-11-30' })
			)
		).toMatchObject({
			ok: false,
			errors: [{ field: 'dateOfBirth-day', message: `${keys}.missing` }],
			values: { givenName: 'Maureen' }
		});
	});
});
