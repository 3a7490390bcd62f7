// Other organisations' systems, as SMART Backend Services clients
// (https://hl7.org/fhir/smart-app-launch/backend-services.html). An ICS admin registers a system
// with its organisation, its public keys and its scopes. The system gets an access token by the
// client credentials grant, proving who it is with a JWT it signs with its private key
// (`private_key_jwt`); the token lasts five minutes and is stored as sessions are, hashed.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import { fhirActor, mayStaff, type Actor, type FhirCaller } from '../access/policy';
import { randomSecret } from '../auth/session';
import { changedRows, database, tables, transaction } from '../db';
import { holdsNul } from '../nul';
import type { JsonWebKeySet } from '../db/schema';

export type { FhirCaller } from '../access/policy';

const { fhirAccessTokens, fhirAssertionsUsed, fhirClients, organisations, users } = tables;

/** SMART asks servers to keep access tokens short: five minutes, then the system asks again. */
export const accessTokenSeconds = 300;
/** The signing algorithms SMART Backend Services requires servers to support. */
export const assertionAlgorithms = ['RS384', 'ES384'] as const;
export const clientAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** A client assertion may say it is good for at most this long (SMART: five minutes). */
const longestAssertionMs = 5 * 60 * 1000;

/** SMART v1 system scopes: `system/<type or *>.<read, write or *>`. */
export const scopePattern = /^system\/([A-Z][A-Za-z]+|\*)\.(read|write|\*)$/;

// ---- Registration, by an ICS admin ---------------------------------------------------------

export type Registration = {
	name: string;
	organisationId: number;
	jwks: JsonWebKeySet;
	scopes: string[];
};

/** What is wrong with a registration, by field; empty when there is nothing wrong. */
export type RegistrationProblems = Partial<
	Record<'name' | 'organisationId' | 'jwks' | 'scopes', 'missing' | 'invalid'>
>;

/**
 * Reads what an admin typed: the system's name, its organisation, its public keys (a JWKS, or
 * one public JWK) and its scopes, one per line or space-separated. Every key must be a public
 * key jose can import for RS384 or ES384; a private key pasted by mistake is refused.
 */
export async function readRegistration(input: {
	name: string;
	organisationId: string;
	jwks: string;
	scopes: string;
}): Promise<{ registration?: Registration; problems: RegistrationProblems }> {
	const problems: RegistrationProblems = {};
	const name = input.name.trim();
	if (!name) problems.name = 'missing';
	else if (name.length > 120) problems.name = 'invalid';
	const organisationId = Number(input.organisationId);
	const organisation = Number.isSafeInteger(organisationId)
		? (
				await database()
					.select({ id: organisations.id })
					.from(organisations)
					.where(eq(organisations.id, organisationId))
			)[0]
		: undefined;
	if (!input.organisationId) problems.organisationId = 'missing';
	else if (!organisation) problems.organisationId = 'invalid';
	const jwks = input.jwks.trim() ? await readKeySet(input.jwks) : 'missing';
	if (typeof jwks === 'string') problems.jwks = jwks;
	const scopes = [...new Set(input.scopes.split(/\s+/).filter(Boolean))];
	if (scopes.length === 0) problems.scopes = 'missing';
	else if (!scopes.every((scope) => scopePattern.test(scope))) problems.scopes = 'invalid';
	if (Object.keys(problems).length > 0 || typeof jwks === 'string') return { problems };
	return { registration: { name, organisationId, jwks, scopes }, problems };
}

async function readKeySet(text: string): Promise<JsonWebKeySet | 'invalid'> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return 'invalid';
	}
	const keys =
		parsed && typeof parsed === 'object' && Array.isArray((parsed as JsonWebKeySet).keys)
			? (parsed as JsonWebKeySet).keys
			: [parsed];
	if (keys.length === 0 || keys.length > 10) return 'invalid';
	for (const key of keys) {
		if (!key || typeof key !== 'object' || 'd' in key) return 'invalid';
		const algorithm = (key as { alg?: string }).alg ?? defaultAlgorithm(key as JsonWebKey);
		if (!algorithm || !(assertionAlgorithms as readonly string[]).includes(algorithm))
			return 'invalid';
		try {
			await importJWK(key as JsonWebKey, algorithm);
		} catch {
			return 'invalid';
		}
	}
	return { keys: keys as JsonWebKeySet['keys'] };
}

function defaultAlgorithm(key: JsonWebKey): string | undefined {
	if (key.kty === 'RSA') return 'RS384';
	if (key.kty === 'EC' && key.crv === 'P-384') return 'ES384';
	return undefined;
}

/**
 * Registers a system: its own account (role `system`, which cannot sign in) and the client.
 * Returns the registration's own id (its page's) and the client id the system names itself by
 * in its assertions.
 */
export async function registerClient(
	admin: Actor | null,
	registration: Registration
): Promise<{ id: number; clientId: string }> {
	if (!mayStaff(admin, 'fhir_clients.manage')) throw new Error('Not allowed to register systems');
	const clientId = randomSecret();
	return await transaction(async (tx) => {
		const account = (
			await tx
				.insert(users)
				.values({ role: 'system', organisationId: registration.organisationId })
				.returning({ id: users.id })
		)[0]!;
		const client = (
			await tx
				.insert(fhirClients)
				.values({
					clientId,
					name: registration.name,
					organisationId: registration.organisationId,
					userId: account.id,
					jwks: registration.jwks,
					scopes: registration.scopes,
					registeredByUserId: admin!.userId
				})
				.returning({ id: fhirClients.id })
		)[0]!;
		return { id: client.id, clientId };
	});
}

/** Withdraws a registration: no new tokens, and the tokens it holds stop working now. */
export async function revokeClient(admin: Actor | null, id: number): Promise<boolean> {
	if (!mayStaff(admin, 'fhir_clients.manage')) return false;
	return await transaction(async (tx) => {
		const revoked = await tx
			.update(fhirClients)
			.set({ revokedAt: new Date() })
			.where(and(eq(fhirClients.id, id), isNull(fhirClients.revokedAt)));
		await tx.delete(fhirAccessTokens).where(eq(fhirAccessTokens.clientId, id));
		return changedRows(revoked) > 0;
	});
}

/** Every registered system, for admins, oldest first. */
export async function registeredClients(admin: Actor | null) {
	if (!mayStaff(admin, 'fhir_clients.manage')) return [];
	return await clientRows().orderBy(asc(fhirClients.id));
}

/** One registered system, for admins; undefined for anyone else, or if there is none. */
export async function registeredClient(admin: Actor | null, id: number) {
	if (!mayStaff(admin, 'fhir_clients.manage')) return undefined;
	return (await clientRows().where(eq(fhirClients.id, id)))[0];
}

/** The organisations a system may be registered for, by name, for admins. */
export async function organisationsToRegister(admin: Actor | null) {
	if (!mayStaff(admin, 'fhir_clients.manage')) return [];
	return await database()
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.orderBy(asc(organisations.name));
}

/** Registered systems as admins read them: never a token, and no more of a key than is public. */
function clientRows() {
	return database()
		.select({
			id: fhirClients.id,
			clientId: fhirClients.clientId,
			name: fhirClients.name,
			organisation: organisations.name,
			scopes: fhirClients.scopes,
			keys: fhirClients.jwks,
			registeredAt: fhirClients.registeredAt,
			revokedAt: fhirClients.revokedAt
		})
		.from(fhirClients)
		.innerJoin(organisations, eq(organisations.id, fhirClients.organisationId))
		.$dynamic();
}

// ---- Tokens ----------------------------------------------------------------------------------

/** A refusal at the token endpoint, in OAuth 2.0's words (RFC 6749 section 5.2). */
export class TokenError extends Error {
	constructor(
		readonly error:
			| 'invalid_request'
			| 'invalid_client'
			| 'invalid_grant'
			| 'invalid_scope'
			| 'unsupported_grant_type',
		readonly description: string,
		/** The client, once known, for the call log. */
		readonly clientRowId: number | null = null
	) {
		super(description);
	}
	get status(): number {
		return this.error === 'invalid_client' ? 401 : 400;
	}
}

export type TokenRequest = {
	grantType: string | null;
	scope: string | null;
	clientAssertionType: string | null;
	clientAssertion: string | null;
};

export type IssuedToken = {
	access_token: string;
	token_type: 'bearer';
	expires_in: number;
	scope: string;
	/** Not part of the answer: which client it was, for the call log. */
	clientRowId: number;
};

/**
 * The client credentials grant with a signed assertion. `tokenUrl` is this endpoint's own
 * address: the assertion must be meant for it (`aud`), so one made for another server is no use
 * here. Each assertion is good once (`jti`).
 */
export async function issueToken(
	request: TokenRequest,
	tokenUrl: string,
	now = new Date()
): Promise<IssuedToken> {
	if (request.grantType !== 'client_credentials')
		throw new TokenError('unsupported_grant_type', 'grant_type must be client_credentials');
	if (request.clientAssertionType !== clientAssertionType || !request.clientAssertion)
		throw new TokenError(
			'invalid_request',
			`client_assertion_type must be ${clientAssertionType}, with a client_assertion`
		);
	if (!request.scope) throw new TokenError('invalid_request', 'scope is required');

	let claims: ReturnType<typeof decodeJwt>;
	try {
		claims = decodeJwt(request.clientAssertion);
	} catch {
		throw new TokenError('invalid_client', 'client_assertion is not a JWT');
	}
	// Its claims are looked up and stored, and no text of ours may hold NUL (../nul.ts).
	if (holdsNul(claims))
		throw new TokenError('invalid_client', 'client_assertion holds the NUL character (U+0000)');
	const claimed = claims.iss;
	// A withdrawn client is found too, so that the call log shows admins it still calling.
	const client = claimed
		? (await database().select().from(fhirClients).where(eq(fhirClients.clientId, claimed)))[0]
		: undefined;
	// The same words whether the client is unknown, withdrawn or its signature wrong: nothing
	// here tells a caller which client ids exist.
	const refused = (why: string) =>
		new TokenError('invalid_client', `client_assertion refused: ${why}`, client?.id ?? null);
	if (!client || client.revokedAt) throw refused('unknown or withdrawn client');

	let payload;
	try {
		({ payload } = await jwtVerify(request.clientAssertion, createLocalJWKSet(client.jwks), {
			algorithms: [...assertionAlgorithms],
			issuer: client.clientId,
			subject: client.clientId,
			audience: tokenUrl,
			requiredClaims: ['exp', 'jti'],
			currentDate: now
		}));
	} catch (error) {
		throw refused(
			error instanceof joseErrors.JWTExpired
				? 'expired'
				: error instanceof joseErrors.JWTClaimValidationFailed
					? `claim ${error.claim} not as expected`
					: 'signature not made by a registered key'
		);
	}
	const expiresAt = new Date(payload.exp! * 1000);
	if (expiresAt.getTime() - now.getTime() > longestAssertionMs)
		throw refused('exp more than five minutes ahead');
	if (typeof payload.jti !== 'string' || payload.jti.length > 255) throw refused('bad jti');

	const asked = request.scope.split(/\s+/).filter(Boolean);
	const granted = asked.filter((scope) => client.scopes.includes(scope));
	if (granted.length === 0)
		throw new TokenError('invalid_scope', 'none of the scopes asked for is registered', client.id);

	const id = randomSecret();
	const secret = randomSecret();
	await transaction(async (tx) => {
		// Expired tokens and assertions are of no further use; clear them as new ones are made.
		await tx.delete(fhirAccessTokens).where(lt(fhirAccessTokens.expiresAt, now));
		await tx.delete(fhirAssertionsUsed).where(lt(fhirAssertionsUsed.expiresAt, now));
		const used = await tx
			.insert(fhirAssertionsUsed)
			.values({ clientId: client.id, jti: payload.jti as string, expiresAt })
			.onConflictDoNothing();
		if (changedRows(used) === 0) throw refused('this assertion was already used');
		await tx.insert(fhirAccessTokens).values({
			id,
			secretHash: Buffer.from(sha256(new TextEncoder().encode(secret))),
			clientId: client.id,
			scopes: granted,
			issuedAt: now,
			expiresAt: new Date(now.getTime() + accessTokenSeconds * 1000)
		});
	});
	return {
		access_token: `${id}.${secret}`,
		token_type: 'bearer',
		expires_in: accessTokenSeconds,
		scope: granted.join(' '),
		clientRowId: client.id
	};
}

/** The caller an access token stands for, while it lasts and its client is registered; else null. */
export async function callerFromToken(token: string, now = new Date()): Promise<FhirCaller | null> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined) return null;
	const row = (
		await database()
			.select({ token: fhirAccessTokens, client: fhirClients })
			.from(fhirAccessTokens)
			.innerJoin(fhirClients, eq(fhirClients.id, fhirAccessTokens.clientId))
			.where(eq(fhirAccessTokens.id, id))
	)[0];
	if (!row || row.client.revokedAt || row.token.expiresAt <= now) return null;
	const hash = sha256(new TextEncoder().encode(secret));
	if (!constantTimeEqual(hash, new Uint8Array(row.token.secretHash))) return null;
	const { client } = row;
	return {
		client: {
			id: client.id,
			clientId: client.clientId,
			name: client.name,
			organisationId: client.organisationId,
			userId: client.userId
		},
		scopes: row.token.scopes,
		actor: fhirActor(client)
	};
}
