// Passwords, as the NCSC advises: long enough, not a common one, no composition rules.
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const minimumPasswordLength = 8;
export const maximumPasswordLength = 256;

// OWASP's argon2id settings: 19 MiB, 2 passes, 1 lane. `algorithm: 2` is Argon2id (the
// package's enum is a const enum, which isolated modules cannot import).
const argon2idOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let commonPasswords: Set<string> | undefined;

/** True for a password found in the shipped list of the most used passwords in breaches. */
export function isCommonPassword(password: string): boolean {
	commonPasswords ??= new Set(
		dictionary['passwords-common']
			.filter((entry) => entry.length >= minimumPasswordLength)
			.map((entry) => entry.toLowerCase())
	);
	return commonPasswords.has(password.toLowerCase());
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, argon2idOptions);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}

// Verifying against a real hash when no account matches keeps the time taken the same,
// so the answer's speed does not tell whether an account exists.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
	decoyHash ??= hashPassword('not-a-real-account-password');
	await verify(await decoyHash, password);
	return false;
}
