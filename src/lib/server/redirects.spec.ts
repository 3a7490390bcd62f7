import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './redirects';

describe('safeReturnPath', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeReturnPath('/settings')).toBe('/settings');
		expect(safeReturnPath('/language?returnTo=%2F')).toBe('/language?returnTo=%2F');
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
});
