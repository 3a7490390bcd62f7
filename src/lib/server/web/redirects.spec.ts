import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './redirects';

const origin = 'http://joined-up.invalid';

describe('safeReturnPath', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeReturnPath('/settings')).toBe('/settings');
		expect(safeReturnPath('/language?returnTo=%2F')).toBe('/language?returnTo=%2F');
		expect(safeReturnPath('/people/../settings')).toBe('/settings');
	});

	it('refuses anything that could leave the site', () => {
		for (const value of [
			'https://evil.example',
			'//evil.example',
			'/\\evil.example',
			'javascript:alert(1)',
			'settings',
			'',
			null
		]) {
			expect(safeReturnPath(value)).toBe('/');
		}
	});

	it('decides on the path once normalised, not on the text as typed', () => {
		for (const value of [
			'/..//evil.example/phish',
			'/./\\/evil.example',
			'/.//evil.example',
			'/%2e%2e//evil.example',
			'/a/..//evil.example',
			'/..\\\\evil.example',
			'/\t/evil.example',
			'/\n\\evil.example'
		]) {
			expect(safeReturnPath(value, '/settings')).toBe('/settings');
		}
	});

	it('never gives a path that a browser would read as another site', () => {
		const pieces = fc.constantFrom(
			'/',
			'\\',
			'.',
			'..',
			'%2e',
			'%2f',
			'%5c',
			'evil.example',
			'\t',
			':',
			'?',
			'#',
			'@'
		);
		fc.assert(
			fc.property(
				fc.array(pieces, { maxLength: 10 }).map((parts) => `/${parts.join('')}`),
				(typed) => {
					const answer = safeReturnPath(typed);
					expect(answer.startsWith('/')).toBe(true);
					expect(answer).not.toMatch(/^[/\\][/\\]/);
					// Followed by a browser from any page of the site, it stays on the site.
					expect(new URL(answer, `${origin}/a/b`).origin).toBe(origin);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
