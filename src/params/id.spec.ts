import { describe, expect, it } from 'vitest';
import { match } from './id';

describe('the id param matcher', () => {
	it('takes a positive whole number as written, up to the largest safe integer', () => {
		for (const id of ['1', '7', '10', '42', '999999', String(Number.MAX_SAFE_INTEGER)]) {
			expect(match(id), id).toBe(true);
		}
	});

	it('refuses anything else: zero, signs, leading zeros, fractions, other digits, too large', () => {
		for (const id of [
			'',
			'0',
			'00',
			'01',
			'-1',
			'+1',
			'1.5',
			'1.0',
			'1e3',
			'0x1F',
			'NaN',
			'Infinity',
			' 7',
			'7 ',
			'١٢٣',
			'７',
			'12abc',
			'abc',
			'9007199254740992',
			'99999999999999999999999'
		]) {
			expect(match(id), id).toBe(false);
		}
	});
});
