import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { actorFor, mayFhir, mayFhirRead, scopeAllows } from '../access/policy';
import { aService, aFhirClient } from '../test-data';
import {
	callerFromToken,
	clientAssertionType,
	issueToken,
	organisationsToRegister,
	readRegistration,
	registerClient,
	registeredClient,
	registeredClients,
	revokeClient,
	TokenError
} from './clients';

const tokenUrl = 'https://joinedup.test/fhir/R4/auth/token';

async function assertion(
	clientId: string,
	key: CryptoKey,
	options: { audience?: string; expiresIn?: string; jti?: string; alg?: string } = {}
) {
	return new SignJWT({})
		.setProtectedHeader({ alg: options.alg ?? 'ES384', kid: 'test' })
		.setIssuer(clientId)
		.setSubject(clientId)
		.setAudience(options.audience ?? tokenUrl)
		.setExpirationTime(options.expiresIn ?? '4m')
		.setJti(options.jti ?? crypto.randomUUID())
		.sign(key);
}

const ask = (clientAssertion: string, scope = 'system/*.read') =>
	issueToken(
		{ grantType: 'client_credentials', scope, clientAssertionType, clientAssertion },
		tokenUrl
	);

async function refusal(promise: Promise<unknown>): Promise<TokenError> {
	const error = await promise.then(
		() => null,
		(thrown) => thrown
	);
	expect(error).toBeInstanceOf(TokenError);
	return error as TokenError;
}

describe('SMART Backend Services tokens', () => {
	it('gives a short-lived token for a signed assertion, standing for the system as its staff', async () => {
		const { organisation } = await aService();
		const { clientId, privateKey } = await aFhirClient(organisation.id, ['system/*.read']);
		const issued = await ask(await assertion(clientId, privateKey));
		expect(issued.token_type).toBe('bearer');
		expect(issued.expires_in).toBe(300);
		expect(issued.scope).toBe('system/*.read');
		const caller = (await callerFromToken(issued.access_token))!;
		expect(caller.client.clientId).toBe(clientId);
		expect(caller.actor).toMatchObject({ role: 'staff', organisationId: organisation.id });
		// Five minutes later it is no use.
		expect(await callerFromToken(issued.access_token, new Date(Date.now() + 301_000))).toBeNull();
		// A token with its secret changed is no use either.
		expect(
			await callerFromToken(issued.access_token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))
		).toBeNull();
	});

	it('refuses a wrong signature, another audience, an expired or far-off assertion, and a replay', async () => {
		const { organisation } = await aService();
		const { clientId, privateKey } = await aFhirClient(organisation.id);
		const stranger = (await generateKeyPair('ES384')).privateKey;
		expect((await refusal(ask(await assertion(clientId, stranger)))).error).toBe('invalid_client');
		const elsewhere = await assertion(clientId, privateKey, {
			audience: 'https://other.test/token'
		});
		expect((await refusal(ask(elsewhere))).error).toBe('invalid_client');
		const expired = await assertion(clientId, privateKey, { expiresIn: '-1m' });
		expect((await refusal(ask(expired))).description).toMatch(/expired/);
		const farOff = await assertion(clientId, privateKey, { expiresIn: '1h' });
		expect((await refusal(ask(farOff))).description).toMatch(/five minutes/);
		const once = await assertion(clientId, privateKey, { jti: 'only-once' });
		await ask(once);
		expect((await refusal(ask(once))).description).toMatch(/already used/);
		const unknown = await assertion('no-such-client', privateKey);
		expect((await refusal(ask(unknown))).status).toBe(401);
	});

	it('grants only scopes the registration allows, and nothing once withdrawn', async () => {
		const { organisation } = await aService();
		const { clientId, privateKey, caller } = await aFhirClient(organisation.id, [
			'system/Slot.write'
		]);
		const issued = await ask(
			await assertion(clientId, privateKey),
			'system/Slot.write system/*.read'
		);
		expect(issued.scope).toBe('system/Slot.write');
		expect((await refusal(ask(await assertion(clientId, privateKey), 'system/*.read'))).error).toBe(
			'invalid_scope'
		);
		const admin = { userId: 1, role: 'admin' as const, patientId: null, organisationId: null };
		expect(await revokeClient(admin, caller.client.id)).toBe(true);
		expect(await callerFromToken(issued.access_token)).toBeNull();
		const withdrawn = await refusal(ask(await assertion(clientId, privateKey)));
		expect(withdrawn.error).toBe('invalid_client');
		expect(withdrawn.description).toBe('client_assertion refused: unknown or withdrawn client');
		// Still its call, in the log admins read.
		expect(withdrawn.clientRowId).toBe(caller.client.id);
	});

	it('refuses other grants and requests missing their assertion', async () => {
		const refused = await refusal(
			issueToken(
				{
					grantType: 'password',
					scope: 'system/*.read',
					clientAssertionType,
					clientAssertion: 'x'
				},
				tokenUrl
			)
		);
		expect(refused.error).toBe('unsupported_grant_type');
		const missing = await refusal(
			issueToken(
				{
					grantType: 'client_credentials',
					scope: 'system/*.read',
					clientAssertionType,
					clientAssertion: null
				},
				tokenUrl
			)
		);
		expect(missing.error).toBe('invalid_request');
		expect((await refusal(ask('not.a.jwt'))).error).toBe('invalid_client');
	});
});

// PostgreSQL's text cannot hold it, even to look a client up: without the check, a 500 there.
describe('an assertion with a NUL character', () => {
	it('is refused as an invalid client, from an unknown or a known one', async () => {
		const { organisation } = await aService();
		const { clientId, privateKey } = await aFhirClient(organisation.id);
		const stranger = (await generateKeyPair('ES384')).privateKey;
		const unknown = await refusal(ask(await assertion(`${clientId}\u0000`, stranger)));
		expect(unknown.error).toBe('invalid_client');
		const known = await refusal(
			ask(await assertion(clientId, privateKey, { jti: `jti\u0000${crypto.randomUUID()}` }))
		);
		expect(known.error).toBe('invalid_client');
	});
});

describe('registering a system', () => {
	it('accepts public keys and SMART scopes, and refuses private keys, bad JSON and bad scopes', async () => {
		const { organisation } = await aService();
		const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
		const { exportJWK } = await import('jose');
		const good = await readRegistration({
			name: 'Eastmere PAS',
			organisationId: String(organisation.id),
			jwks: JSON.stringify({ keys: [await exportJWK(publicKey)] }),
			scopes: 'system/*.read\nsystem/Slot.write'
		});
		expect(good.problems).toEqual({});
		expect(good.registration?.scopes).toEqual(['system/*.read', 'system/Slot.write']);
		const bad = await readRegistration({
			name: '',
			organisationId: '999999',
			jwks: JSON.stringify(await exportJWK(privateKey)),
			scopes: 'user/*.read'
		});
		expect(bad.problems).toEqual({
			name: 'missing',
			organisationId: 'invalid',
			jwks: 'invalid',
			scopes: 'invalid'
		});
		const notJson = await readRegistration({
			name: 'x',
			organisationId: String(organisation.id),
			jwks: '{',
			scopes: 'system/*.read'
		});
		expect(notJson.problems.jwks).toBe('invalid');
	});

	it('is read back by admins, whole but for any secret, and withdrawn once', async () => {
		const { organisation } = await aService();
		const { caller } = await aFhirClient(organisation.id, ['system/Slot.write']);
		const admin = actorFor({ id: 1, role: 'admin', patientId: null, organisationId: null });
		const staff = actorFor({
			id: 2,
			role: 'staff',
			patientId: null,
			organisationId: organisation.id
		});
		expect(await registeredClient(admin, caller.client.id)).toMatchObject({
			clientId: caller.client.clientId,
			name: 'Test PAS',
			organisation: 'Practice',
			scopes: ['system/Slot.write'],
			keys: { keys: [expect.objectContaining({ kid: 'test', kty: 'EC' })] },
			revokedAt: null
		});
		expect(JSON.stringify(await registeredClient(admin, caller.client.id))).not.toMatch(/"d":/);
		expect((await registeredClients(admin)).map((client) => client.id)).toContain(caller.client.id);
		expect(await organisationsToRegister(admin)).toContainEqual({
			id: organisation.id,
			name: 'Practice'
		});
		// Anyone else: nothing, as if there were no systems at all.
		expect(await registeredClient(staff, caller.client.id)).toBeUndefined();
		expect(await registeredClients(staff)).toEqual([]);
		expect(await organisationsToRegister(staff)).toEqual([]);
		expect(await revokeClient(staff, caller.client.id)).toBe(false);
		expect(await revokeClient(admin, caller.client.id)).toBe(true);
		expect(await revokeClient(admin, caller.client.id)).toBe(false);
		expect((await registeredClient(admin, caller.client.id))?.revokedAt).toBeInstanceOf(Date);
		expect(await registeredClient(admin, caller.client.id + 1000)).toBeUndefined();
	});

	it('is for ICS admins only', async () => {
		const { organisation } = await aService();
		const staff = actorFor({
			id: 1,
			role: 'staff',
			patientId: null,
			organisationId: organisation.id
		});
		await expect(
			registerClient(staff, {
				name: 'x',
				organisationId: organisation.id,
				jwks: { keys: [] },
				scopes: ['system/*.read']
			})
		).rejects.toThrow();
	});
});

describe('what a system may do', () => {
	it('follows SMART v1 system scopes, by type and access', () => {
		expect(scopeAllows(['system/*.read'], 'read', 'Slot')).toBe(true);
		expect(scopeAllows(['system/*.read'], 'write', 'Slot')).toBe(false);
		expect(scopeAllows(['system/Slot.write'], 'write', 'Slot')).toBe(true);
		expect(scopeAllows(['system/Slot.write'], 'write', 'CarePlan')).toBe(false);
		expect(scopeAllows(['system/Slot.*'], 'read', 'Slot')).toBe(true);
		expect(scopeAllows(['user/*.read', 'patient/*.read', 'system/*.rs'], 'read', 'Slot')).toBe(
			false
		);
		expect(mayFhir(null, 'read', 'Slot')).toBe(false);
	});

	it('reads a patient only where its organisation gives them care', async () => {
		const { organisation } = await aService();
		const { caller } = await aFhirClient(organisation.id);
		expect(mayFhirRead(caller, [organisation.id])).toBe(true);
		expect(mayFhirRead(caller, [organisation.id + 1000])).toBe(false);
		expect(mayFhirRead(caller, [])).toBe(false);
		expect(mayFhirRead(null, [organisation.id])).toBe(false);
	});
});
