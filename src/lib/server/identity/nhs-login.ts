// The NHS login client, on openid-client (a certified OpenID Connect relying party): the
// authorization code flow with PKCE, `state` and `nonce`; `private_key_jwt` at the token
// endpoint, signed RS512 with Joined Up's own key; the ID token's signature, issuer, audience,
// expiry and nonce checked by the library, and its `vot` checked here against what was asked.
// Scopes, claims and vectors of trust as NHS login's published OIDC documentation defines them
// (https://nhsconnect.github.io/nhslogin/): see README.
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import * as client from 'openid-client';
import { nhsLoginSettings } from '../config';
import { identityLevels, type IdentityLevel } from '../db/schema';
import { holdsNul } from '../nul';

/**
 * `profile` gives the NHS number, family name, date of birth and identity proofing level;
 * `email` and `phone` the verified contacts. (`profile_extended` would add the first name from
 * the NHS register, which matching does not need.)
 */
export const nhsLoginScopes = 'openid profile email phone';

/** NHS login's credential parts: password and code by text (Cp.Cd), or by app (Cp.Ck), or Cm. */
const credentialParts = ['Cp.Cd', 'Cp.Ck', 'Cm'] as const;
const vectorsAtLeast = (level: IdentityLevel) =>
	identityLevels
		.slice(identityLevels.indexOf(level))
		.flatMap((each) => credentialParts.map((part) => `${each}.${part}`));

/**
 * The vectors of trust asked for (`vtr`): any level to sign in (what the person has not proved
 * yet, "find my record" and the people who can help cover), P9 alone for a step-up.
 */
export const vectorsOfTrust = { any: vectorsAtLeast('P0'), P9: vectorsAtLeast('P9') } as const;
export type LevelAsked = keyof typeof vectorsOfTrust;

/** One sign-in under way: kept in a short-lived HttpOnly cookie until NHS login sends them back. */
export type NhsLoginAttempt = {
	state: string;
	nonce: string;
	codeVerifier: string;
	returnTo: string;
	level: LevelAsked;
	/** Signing in again to confirm it is still them (as typing a password again does). */
	reauthenticate: boolean;
};

/** What NHS login told us about the person, checked. Demographics only at P5 and P9. */
export type NhsLoginIdentity = {
	sub: string;
	level: IdentityLevel;
	nhsNumber: string | null;
	familyName: string | null;
	birthdate: string | null;
	/** Verified contacts only. */
	email: string | null;
	phoneNumber: string | null;
};

/** Why a sign-in through NHS login did not complete; nothing was changed. */
export class NhsLoginRefused extends Error {
	constructor(
		readonly reason: 'cancelled' | 'provider_error' | 'no_attempt' | 'invalid_response' | 'level'
	) {
		super(`NHS login refused: ${reason}`);
		this.name = 'NhsLoginRefused';
	}
}

let configuration: Promise<client.Configuration> | null = null;

/** NHS login's configuration, discovered once (again after a failure). */
export function nhsLoginConfiguration(): Promise<client.Configuration> {
	configuration ??= discover().catch((failure) => {
		configuration = null;
		throw failure;
	});
	return configuration;
}

async function discover(): Promise<client.Configuration> {
	const { issuer, clientId, privateKeyFile } = nhsLoginSettings;
	if (!issuer || !clientId || !privateKeyFile) throw new Error('NHS login is not configured');
	const key = await signingKey(fs.readFileSync(privateKeyFile, 'utf8'));
	const issuerUrl = new URL(issuer);
	// Plain HTTP only for a provider on this machine (the local one in the demo and tests).
	const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuerUrl.hostname);
	return client.discovery(
		issuerUrl,
		clientId,
		{ id_token_signed_response_alg: 'RS512' },
		client.PrivateKeyJwt(key),
		issuerUrl.protocol === 'http:' && loopback ? { execute: [client.allowInsecureRequests] } : {}
	);
}

/** The client's private key (PEM, PKCS #8, or a JWK), for RS512 signatures, as NHS login asks. */
export async function signingKey(text: string): Promise<CryptoKey> {
	const jwk = text.trim().startsWith('{')
		? (JSON.parse(text) as JsonWebKey)
		: createPrivateKey(text).export({ format: 'jwk' });
	return crypto.subtle.importKey(
		'jwk',
		{ ...jwk, alg: 'RS512' },
		{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
		false,
		['sign']
	);
}

/** Where to send the person, and the attempt to keep until they come back. */
export async function startNhsLogin(
	config: client.Configuration,
	{
		returnTo,
		level,
		reauthenticate
	}: { returnTo: string; level: LevelAsked; reauthenticate: boolean }
): Promise<{ url: URL; attempt: NhsLoginAttempt }> {
	const attempt: NhsLoginAttempt = {
		state: client.randomState(),
		nonce: client.randomNonce(),
		codeVerifier: client.randomPKCECodeVerifier(),
		returnTo,
		level,
		reauthenticate
	};
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: nhsLoginSettings.redirectUri,
		scope: nhsLoginScopes,
		state: attempt.state,
		nonce: attempt.nonce,
		code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
		code_challenge_method: 'S256',
		vtr: JSON.stringify(vectorsOfTrust[level]),
		// A step-up or a confirmation asks them to sign in again, whatever NHS login remembers.
		...(level === 'P9' || reauthenticate ? { prompt: 'login' } : {})
	});
	return { url, attempt };
}

/** The level a `vot` says was reached, when it is one of the vectors asked for. */
export function levelOfVot(vot: unknown, level: LevelAsked): IdentityLevel | null {
	if (typeof vot !== 'string' || !(vectorsOfTrust[level] as readonly string[]).includes(vot)) {
		return null;
	}
	return vot.slice(0, 2) as IdentityLevel;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Completes the sign-in NHS login sent back to `callbackUrl`: the code is exchanged (with the
 * PKCE verifier and a signed client assertion), the ID token checked (signature, issuer,
 * audience, expiry, nonce, `state` first) by openid-client, its `vot` here, and userinfo fetched
 * for the same subject. Throws NhsLoginRefused for anything wrong.
 */
export async function finishNhsLogin(
	config: client.Configuration,
	callbackUrl: URL,
	attempt: NhsLoginAttempt
): Promise<NhsLoginIdentity> {
	const providerError = callbackUrl.searchParams.get('error');
	if (providerError) {
		throw new NhsLoginRefused(providerError === 'access_denied' ? 'cancelled' : 'provider_error');
	}
	let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
	try {
		tokens = await client.authorizationCodeGrant(
			config,
			callbackUrl,
			{
				pkceCodeVerifier: attempt.codeVerifier,
				expectedState: attempt.state,
				expectedNonce: attempt.nonce,
				idTokenExpected: true
			},
			// openid-client sends redirect_uri from the URL it is given; say the registered one.
			{ redirect_uri: nhsLoginSettings.redirectUri }
		);
	} catch {
		throw new NhsLoginRefused('invalid_response');
	}
	const claims = tokens.claims();
	if (!claims) throw new NhsLoginRefused('invalid_response');
	const level = levelOfVot(claims.vot, attempt.level);
	if (!level) throw new NhsLoginRefused('level');

	let userinfo: client.UserInfoResponse;
	try {
		userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
	} catch {
		throw new NhsLoginRefused('invalid_response');
	}
	const both = { ...userinfo, ...claims };
	const proved = level !== 'P0';
	const identity: NhsLoginIdentity = {
		sub: claims.sub,
		level,
		nhsNumber: proved ? text(both.nhs_number) : null,
		familyName: proved ? text(both.family_name) : null,
		birthdate: proved ? text(both.birthdate) : null,
		email: both.email_verified === true ? text(both.email) : null,
		phoneNumber: both.phone_number_verified === true ? text(both.phone_number) : null
	};
	// Each is looked up or kept, and PostgreSQL's text cannot hold NUL (../nul.ts).
	if (holdsNul(identity)) throw new NhsLoginRefused('invalid_response');
	return identity;
}
