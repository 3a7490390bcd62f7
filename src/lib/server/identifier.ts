// What a person signs in with: an email address or a UK mobile number, normalised so that
// "07700 900123" and "+44 7700 900123" are the same account.

import * as v from 'valibot';

export type SignInIdentifier = { kind: 'email'; value: string } | { kind: 'mobile'; value: string };

/**
 * An email address as valibot's `email()` checks it: letters, digits and `_+-` in dot-separated
 * parts before the `@`, a domain of letters, digits and hyphens; no spaces, quotes, markup or
 * characters that change the direction of text, which could make it read as another address.
 */
const emailAddress = v.pipe(v.string(), v.maxLength(254), v.email());

/** A UK mobile number: 07 followed by nine digits, written in any of the usual ways. */
const mobilePattern = /^(?:\+44|0044|44|0)(7\d{9})$/;

export function parseIdentifier(input: string): SignInIdentifier | null {
	const trimmed = input.trim();
	if (trimmed.includes('@')) {
		const email = trimmed.toLowerCase();
		return v.is(emailAddress, email) ? { kind: 'email', value: email } : null;
	}
	const digits = trimmed.replace(/[\s\-().]/g, '');
	const match = mobilePattern.exec(digits);
	return match ? { kind: 'mobile', value: `+44${match[1]}` } : null;
}

/** How to show a user's sign-in identifier: the email, or the mobile number as people write it. */
export function displayIdentifier(user: { email: string | null; mobile: string | null }): string {
	if (user.email) return user.email;
	const national = `0${(user.mobile ?? '').replace(/^\+44/, '')}`;
	return `${national.slice(0, 5)} ${national.slice(5)}`;
}

/** The key limits count an account's tries under, however its identifier was typed. */
export function limitKeyOf(identifier: SignInIdentifier): string {
	return `${identifier.kind}:${identifier.value}`;
}

/** Every identifier an account signs in with: its email address and its mobile number. */
export function identifiersOf(user: {
	email: string | null;
	mobile: string | null;
}): SignInIdentifier[] {
	return [
		...(user.email ? [{ kind: 'email', value: user.email } as const] : []),
		...(user.mobile ? [{ kind: 'mobile', value: user.mobile } as const] : [])
	];
}

/** What a signed-in account signs in with: its email address, else its mobile number. */
export function identifierOf(user: {
	email: string | null;
	mobile: string | null;
}): SignInIdentifier {
	return user.email
		? { kind: 'email', value: user.email }
		: { kind: 'mobile', value: user.mobile! };
}
