import { describe, expect, it } from 'vitest';
import { holdsNul } from './nul';

describe('finding a NUL character', () => {
	it('finds it in a string, a key or a value at any depth, and nothing else', () => {
		expect(holdsNul('a\u0000b')).toBe(true);
		expect(holdsNul({ note: [{ text: 'x' }, { text: 'y\u0000' }] })).toBe(true);
		expect(holdsNul({ ['ke\u0000y']: 1 })).toBe(true);
		expect(holdsNul({ text: 'tab\tnew line\n\u0001 \\u0000', count: 0, none: null })).toBe(false);
		expect(holdsNul(undefined)).toBe(false);
	});

	it('walks any depth or length without overflowing', () => {
		const deep = JSON.parse('['.repeat(100_000) + '"\\u0000"' + ']'.repeat(100_000)) as unknown;
		expect(holdsNul(deep)).toBe(true);
		expect(holdsNul(Array.from({ length: 300_000 }, () => 'x'))).toBe(false);
	});
});
