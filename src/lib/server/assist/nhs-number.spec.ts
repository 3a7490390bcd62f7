import { describe, expect, it } from 'vitest';
import { formatNhsNumber, parseNhsNumber } from './nhs-number';

describe('NHS numbers', () => {
	it('accepts ten digits whose modulus 11 check digit is right, however spaced', () => {
		expect(parseNhsNumber('9434765919')).toBe('9434765919');
		expect(parseNhsNumber('943 476 5919')).toBe('9434765919');
		expect(parseNhsNumber('401-023-2137')).toBe('4010232137');
	});

	it('refuses a wrong check digit, the wrong length, letters, and nine digits with no check digit', () => {
		expect(parseNhsNumber('9434765918')).toBeNull();
		expect(parseNhsNumber('943476591')).toBeNull();
		expect(parseNhsNumber('94347659190')).toBeNull();
		expect(parseNhsNumber('94347659I9')).toBeNull();
		// 000000006: 6 × 2 = 12, remainder 1, check 10: no valid number starts with these digits.
		for (let last = 0; last <= 9; last++) expect(parseNhsNumber(`000000006${last}`)).toBeNull();
	});

	it('is read as 3 3 4', () => {
		expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
	});
});
