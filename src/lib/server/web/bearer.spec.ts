import { describe, expect, it } from 'vitest';
import { bearerTokenMatches } from './bearer';

const withAuthorization = (value?: string) =>
	new Request('http://127.0.0.1/notify', {
		method: 'POST',
		headers: value === undefined ? {} : { authorization: value }
	});

describe('bearerTokenMatches', () => {
	it('accepts exactly the token set', () => {
		expect(bearerTokenMatches(withAuthorization('Bearer s3cret-token'), 's3cret-token')).toBe(true);
	});

	it('refuses another token, a prefix, no header, another scheme, or no token set', () => {
		const expected = 's3cret-token';
		expect(bearerTokenMatches(withAuthorization('Bearer s3cret-tokeN'), expected)).toBe(false);
		expect(bearerTokenMatches(withAuthorization('Bearer s3cret'), expected)).toBe(false);
		expect(bearerTokenMatches(withAuthorization(), expected)).toBe(false);
		expect(bearerTokenMatches(withAuthorization('Basic s3cret-token'), expected)).toBe(false);
		expect(bearerTokenMatches(withAuthorization('Bearer '), expected)).toBe(false);
		expect(bearerTokenMatches(withAuthorization('Bearer anything'), null)).toBe(false);
	});
});
