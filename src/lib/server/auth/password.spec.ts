import { describe, expect, it } from 'vitest';
import { hashPassword, isCommonPassword, verifyPassword } from './password';

describe('passwords', () => {
	it('refuses the most common passwords whatever their case', () => {
		expect(isCommonPassword('password1')).toBe(true);
		expect(isCommonPassword('PASSWORD1')).toBe(true);
		expect(isCommonPassword('iloveyou1')).toBe(true);
	});

	it('accepts passwords that are not on the list', () => {
		expect(isCommonPassword('joined-up-demo')).toBe(false);
		expect(isCommonPassword('purple kettle harbour')).toBe(false);
	});

	it('hashes with argon2id and verifies only the same password', async () => {
		const hash = await hashPassword('purple kettle harbour');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).not.toContain('purple');
		expect(await verifyPassword(hash, 'purple kettle harbour')).toBe(true);
		expect(await verifyPassword(hash, 'purple kettle harbor')).toBe(false);
	});
});
