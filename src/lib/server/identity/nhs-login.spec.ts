// The ID token checks, against tokens signed here as NHS login would sign them (RS512), served to
// openid-client through its customFetch hook: a wrong audience, issuer or nonce, an expired
// token, a forged state and a `vot` that was not asked for are all refused.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	finishNhsLogin,
	levelOfVot,
	NhsLoginRefused,
	startNhsLogin,
	type NhsLoginAttempt
} from './nhs-login';

const issuer = 'https://auth.login.example.nhs.uk';
const clientId = 'joined-up-test';
const server = {
	issuer,
	authorization_endpoint: `${issuer}/authorize`,
	token_endpoint: `${issuer}/token`,
	jwks_uri: `${issuer}/.well-known/jwks.json`,
	userinfo_endpoint: `${issuer}/userinfo`,
	id_token_signing_alg_values_supported: ['RS512']
};
const sub = '49f470a1-cc52-49b7-beba-0f9cec937c46';

let providerKey: CryptoKey;
let jwks: { keys: object[] };
let clientKey: CryptoKey;

beforeAll(async () => {
	const provider = await generateKeyPair('RS512');
	providerKey = provider.privateKey;
	jwks = { keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS512' }] };
	clientKey = (await generateKeyPair('RS512')).privateKey;
});

type Claims = Record<string, unknown>;

/** A configuration whose token endpoint answers with an ID token of these claims. */
function configurationAnswering(idTokenClaims: (attempt: NhsLoginAttempt) => Claims) {
	const config = new client.Configuration(
		server,
		clientId,
		{ id_token_signed_response_alg: 'RS512' },
		client.PrivateKeyJwt(clientKey)
	);
	const seen: { tokenRequest?: URLSearchParams } = {};
	let attempt: NhsLoginAttempt;
	config[client.customFetch] = async (url, options) => {
		if (url === server.jwks_uri) return Response.json(jwks);
		if (url === server.token_endpoint) {
			seen.tokenRequest = new URLSearchParams(String(options.body));
			const now = Math.floor(Date.now() / 1000);
			const idToken = await new SignJWT({
				iss: issuer,
				aud: clientId,
				sub,
				iat: now,
				exp: now + 300,
				auth_time: now,
				nonce: attempt.nonce,
				vot: 'P9.Cp.Cd',
				vtm: 'https://auth.login.example.nhs.uk/trustmark/auth.login.example.nhs.uk',
				...idTokenClaims(attempt)
			})
				.setProtectedHeader({ alg: 'RS512', kid: 'k1' })
				.sign(providerKey);
			return Response.json({ access_token: 'at', token_type: 'Bearer', id_token: idToken });
		}
		if (url === server.userinfo_endpoint) {
			return Response.json({
				sub,
				nhs_number: '9434765935',
				family_name: 'Warsame',
				birthdate: '1991-04-09',
				identity_proofing_level: 'P9',
				email: 'hodan@example.org',
				email_verified: true,
				phone_number: '+447700900311',
				phone_number_verified: false
			});
		}
		return new Response('not found', { status: 404 });
	};
	return {
		config,
		seen,
		async signIn(level: 'any' | 'P9' = 'any', state?: string) {
			const started = await startNhsLogin(config, {
				returnTo: '/',
				level,
				reauthenticate: false
			});
			attempt = started.attempt;
			const callback = new URL('https://joinedup.example/sign-in/nhs-login/callback');
			callback.searchParams.set('code', 'the-code');
			callback.searchParams.set('state', state ?? attempt.state);
			return { started, result: finishNhsLogin(config, callback, attempt) };
		}
	};
}

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (failure) {
		if (failure instanceof NhsLoginRefused) return failure.reason;
		throw failure;
	}
	throw new Error('not refused');
}

describe('NHS login', () => {
	it('asks for NHS login’s scopes and vectors of trust, with PKCE, state and nonce', async () => {
		const { started } = await configurationAnswering(() => ({})).signIn('P9');
		const params = started.url.searchParams;
		expect(params.get('scope')).toBe('openid profile email phone');
		expect(JSON.parse(params.get('vtr')!)).toEqual(['P9.Cp.Cd', 'P9.Cp.Ck', 'P9.Cm']);
		expect(params.get('code_challenge_method')).toBe('S256');
		expect(params.get('code_challenge')).toBeTruthy();
		expect(params.get('state')).toBe(started.attempt.state);
		expect(params.get('nonce')).toBe(started.attempt.nonce);
		expect(params.get('prompt')).toBe('login');
	});

	it('accepts a good ID token and reads the person from it and userinfo', async () => {
		const answering = configurationAnswering(() => ({}));
		const { result } = await answering.signIn();
		expect(await result).toEqual({
			sub,
			level: 'P9',
			nhsNumber: '9434765935',
			familyName: 'Warsame',
			birthdate: '1991-04-09',
			email: 'hodan@example.org',
			// Not verified, so not used.
			phoneNumber: null
		});
		// The code is exchanged with a signed client assertion and the PKCE verifier.
		expect(answering.seen.tokenRequest?.get('client_assertion_type')).toBe(
			'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
		);
		expect(answering.seen.tokenRequest?.get('code_verifier')).toBeTruthy();
	});

	it('refuses an ID token for another audience', async () => {
		const { result } = await configurationAnswering(() => ({ aud: 'someone-else' })).signIn();
		expect(await refusal(result)).toBe('invalid_response');
	});

	it('refuses an ID token from another issuer', async () => {
		const { result } = await configurationAnswering(() => ({
			iss: 'https://evil.example'
		})).signIn();
		expect(await refusal(result)).toBe('invalid_response');
	});

	it('refuses an expired ID token', async () => {
		const past = Math.floor(Date.now() / 1000) - 3600;
		const { result } = await configurationAnswering(() => ({
			iat: past - 300,
			exp: past
		})).signIn();
		expect(await refusal(result)).toBe('invalid_response');
	});

	it('refuses an ID token with another nonce', async () => {
		const { result } = await configurationAnswering(() => ({ nonce: 'not-the-one' })).signIn();
		expect(await refusal(result)).toBe('invalid_response');
	});

	it('refuses a state it did not send', async () => {
		const { result } = await configurationAnswering(() => ({})).signIn('any', 'forged');
		expect(await refusal(result)).toBe('invalid_response');
	});

	it('refuses a vot that was not asked for', async () => {
		const stepUp = await configurationAnswering(() => ({ vot: 'P5.Cp.Cd' })).signIn('P9');
		expect(await refusal(stepUp.result)).toBe('level');
		const unknown = await configurationAnswering(() => ({ vot: 'P9.Cx' })).signIn('any');
		expect(await refusal(unknown.result)).toBe('level');
		const none = await configurationAnswering(() => ({ vot: undefined })).signIn('any');
		expect(await refusal(none.result)).toBe('level');
	});

	// PostgreSQL's text cannot hold NUL: an account is found and kept by these (../nul.ts).
	it('refuses claims holding a NUL character', async () => {
		for (const claims of [
			{ family_name: 'Warsame\u0000' },
			{ nhs_number: '9434765935\u0000' },
			{ email: 'hodan@example.org\u0000', email_verified: true }
		]) {
			const { result } = await configurationAnswering(() => claims).signIn();
			expect(await refusal(result)).toBe('invalid_response');
		}
	});

	it('reads the level from a vot it asked for', () => {
		expect(levelOfVot('P5.Cp.Ck', 'any')).toBe('P5');
		expect(levelOfVot('P0.Cp.Cd', 'any')).toBe('P0');
		expect(levelOfVot('P0.Cp.Cd', 'P9')).toBeNull();
		expect(levelOfVot(['P9.Cp.Cd'], 'P9')).toBeNull();
	});
});
