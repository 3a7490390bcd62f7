import { describe, expect, it } from 'vitest';
import { displayIdentifier, parseIdentifier } from './identifier';

describe('parseIdentifier', () => {
	it('normalises UK mobile numbers written in the usual ways', () => {
		for (const written of [
			'07700900123',
			'07700 900123',
			'+44 7700 900123',
			'0044 7700-900-123',
			'(07700) 900123'
		]) {
			expect(parseIdentifier(written)).toEqual({ kind: 'mobile', value: '+447700900123' });
		}
	});

	it('refuses numbers that are not UK mobiles', () => {
		for (const written of [
			'020 7946 0101',
			'0770090012',
			'077009001234',
			'+33 6 12 34 56 78',
			'seven'
		]) {
			expect(parseIdentifier(written)).toBeNull();
		}
	});

	it('lower-cases and trims email addresses', () => {
		expect(parseIdentifier('  Grace.Ofori@Example.ORG ')).toEqual({
			kind: 'email',
			value: 'grace.ofori@example.org'
		});
	});

	it('refuses malformed email addresses', () => {
		for (const written of [
			'grace@',
			'@example.org',
			'grace@example',
			'gr ace@example.org',
			'a@b@c.org',
			'grace\u202e@example.org',
			'grace@exa\u202emple.org',
			'\u2066grace@example.org\u2069',
			'grace\u200f@example.org',
			'grace..ofori@example.org',
			'.grace@example.org',
			'grace@-example.org',
			'grace@example..org',
			'"grace"@example.org',
			'grace<x>@example.org',
			'grace@exämple.org'
		]) {
			expect(parseIdentifier(written)).toBeNull();
		}
	});
});

describe('displayIdentifier', () => {
	it('shows a mobile number as people write it', () => {
		expect(displayIdentifier({ email: null, mobile: '+447700900123' })).toBe('07700 900123');
		expect(displayIdentifier({ email: 'grace@example.org', mobile: null })).toBe(
			'grace@example.org'
		);
	});
});
