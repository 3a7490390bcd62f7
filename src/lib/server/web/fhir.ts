// The FHIR interface's front door (issue 23). Every call is the same few steps: who is calling
// (a bearer token from the token endpoint), may it touch this type at all (its scopes), the
// body read carefully (small, JSON, a resource of the type the address names), the piece of the
// interface that answers, and one row in the call log however it ended. Refusals are
// OperationOutcomes; only a fault of ours is a 5xx.
import type { RequestEvent } from '@sveltejs/kit';
import { mayFhir, type FhirAccess, type FhirCaller } from '../access/policy';
import { assertionAlgorithms, callerFromToken, issueToken, TokenError } from '../fhir/clients';
import { countTry, heldBack } from '../limits';
import { recordCall } from '../fhir/calls';
import { capabilityStatement } from '../fhir/capability';
import type { Writer, Written } from '../fhir/interactions';
import { FhirError, operationOutcome } from '../fhir/outcome';
import { isResourceType, type ResourceType } from '../fhir/profiles';
import { readable } from '../fhir/read';
import { writable } from '../fhir/write';
import { log } from '../log';
import { boundedBody } from './callback';

export const fhirJson = 'application/fhir+json';

/**
 * A resource sent to the interface: a care plan or a slot is a few kilobytes. Below the
 * server's own BODY_SIZE_LIMIT (512K by default), so that a body too large gets this refusal,
 * an OperationOutcome, rather than the server's plain one.
 */
const largestBodyBytes = 256 * 1024;

/** FHIR's names for what a call does, as the call log records them. */
export type Interaction =
	'capabilities' | 'read' | 'search-type' | 'create' | 'update' | 'delete' | 'token';

export type FhirAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export function fhirResponse({ status, body, headers }: FhirAnswer): Response {
	return new Response(body === null ? null : JSON.stringify(body), {
		status,
		headers: {
			'content-type': `${fhirJson}; charset=utf-8`,
			'cache-control': 'no-store',
			...headers
		}
	});
}

function refusal(error: FhirError): FhirAnswer {
	return {
		status: error.status,
		body: operationOutcome(error.issues),
		headers: error.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}
	};
}

/** The caller the request's bearer token stands for; a 401 refusal when there is none. */
async function callerOf(request: Request): Promise<FhirCaller> {
	const header = request.headers.get('authorization') ?? '';
	const match = /^Bearer ([A-Za-z0-9._-]{1,200})$/i.exec(header.trim());
	const caller = match?.[1] ? await callerFromToken(match[1]) : null;
	if (!caller)
		throw new FhirError(
			401,
			'login',
			match ? 'The access token is not valid or has expired' : 'An access token is needed'
		);
	return caller;
}

/** The resource type an address names, or a 404 for one the interface does not serve. */
export function resourceTypeOf(name: string): ResourceType {
	if (!isResourceType(name) || name === 'Bundle' || name === 'OperationOutcome')
		throw new FhirError(404, 'not-supported', `This server does not serve ${name.slice(0, 64)}`);
	return name;
}

/**
 * The resource in the request's body: JSON of a FHIR content type, at most 256 KB, an object
 * whose resourceType is the one the address names. Anything else is refused before any
 * domain function sees it.
 */
export async function resourceBody(
	request: Request,
	type: ResourceType
): Promise<Record<string, unknown>> {
	const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
	if (contentType !== fhirJson && contentType !== 'application/json')
		throw new FhirError(415, 'not-supported', `Send ${fhirJson}`);
	// A body cut off by the server's own limit fails as it is read: too large all the same.
	const bytes = await boundedBody(request, largestBodyBytes).catch(() => null);
	if (!bytes) throw new FhirError(413, 'too-costly', 'The body is larger than 256 KB');
	let parsed: unknown;
	try {
		parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		throw new FhirError(400, 'structure', 'The body is not JSON');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new FhirError(400, 'structure', 'The body is not a FHIR resource');
	const resource = parsed as Record<string, unknown>;
	if (resource.resourceType !== type)
		throw new FhirError(400, 'invalid', `The body must be a ${type}`);
	return resource;
}

type Handled = {
	interaction: Interaction;
	/** The type the address names, as typed: checked by resourceTypeOf inside `answer`. */
	type?: string;
	id?: string;
	access?: FhirAccess;
};

/**
 * Answers one call: authenticates it, checks its scopes for the type, runs `answer`, turns a
 * refusal into an OperationOutcome and records the call. `answer` gets the caller and the type.
 */
export async function fhirCall(
	event: RequestEvent,
	handled: Handled,
	answer: (caller: FhirCaller, type: ResourceType) => Promise<FhirAnswer> | FhirAnswer
): Promise<Response> {
	let caller: FhirCaller | null = null;
	let result: FhirAnswer;
	try {
		caller = await callerOf(event.request);
		const type = resourceTypeOf(handled.type ?? '');
		if (!mayFhir(caller, handled.access ?? 'read', type))
			throw new FhirError(403, 'forbidden', `The token's scopes do not allow this on ${type}`);
		result = await answer(caller, type);
	} catch (error) {
		if (error instanceof FhirError) result = refusal(error);
		else {
			log.error({ err: error, interaction: handled.interaction }, 'FHIR call failed');
			result = {
				status: 500,
				body: operationOutcome([{ code: 'processing', diagnostics: 'Something went wrong here' }])
			};
		}
	}
	await recordCall({
		clientRowId: caller?.client.id ?? null,
		interaction: handled.interaction,
		resourceType: handled.type,
		resourceId: handled.id ?? idOf(result),
		status: result.status,
		outcome: result.status >= 400 ? outcomeCode(result.body) : null
	});
	return fhirResponse(result);
}

function idOf(answer: FhirAnswer): string | null {
	const body = answer.body as { resourceType?: string; id?: unknown } | null;
	return body && body.resourceType !== 'Bundle' && typeof body.id === 'string' ? body.id : null;
}

function outcomeCode(body: unknown): string | null {
	return (body as Awaited<ReturnType<typeof operationOutcome>>)?.issue?.[0]?.code ?? null;
}

/** The interface's own address, such as `https://joinedup.example/fhir/R4`, for links. */
export function fhirBase(url: URL): string {
	return `${url.origin}/fhir/R4`;
}

// ---- The interactions, each a route's whole work -----------------------------------------------

function readerFor(type: ResourceType) {
	const reader = readable[type];
	if (!reader) throw new FhirError(405, 'not-supported', `${type} cannot be read here`);
	return reader;
}

function writerFor<K extends keyof Writer>(
	type: ResourceType,
	interaction: K
): NonNullable<Writer[K]> {
	const writer = writable[type]?.[interaction];
	if (!writer)
		throw new FhirError(405, 'not-supported', `${type} does not support ${interaction} here`);
	return writer as NonNullable<Writer[K]>;
}

const written = (type: ResourceType, base: string, { status, resource }: Written): FhirAnswer => ({
	status,
	body: resource,
	headers: resource.id ? { location: `${base}/${type}/${resource.id}` } : {}
});

export const fhirSearch = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'search-type', type: event.params.type },
		async (caller, type) => ({
			status: 200,
			body: await readerFor(type).search(caller, event.url.searchParams, {
				base: fhirBase(event.url)
			})
		})
	);

export const fhirRead = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'read', type: event.params.type, id: event.params.id },
		async (caller, type) => ({
			status: 200,
			body: await readerFor(type).read(caller, event.params.id!)
		})
	);

export const fhirCreate = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'create', type: event.params.type, access: 'write' },
		async (caller, type) => {
			const create = writerFor(type, 'create');
			const body = await resourceBody(event.request, type);
			return written(type, fhirBase(event.url), await create(caller, body));
		}
	);

export const fhirUpdate = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'update', type: event.params.type, id: event.params.id, access: 'write' },
		async (caller, type) => {
			const update = writerFor(type, 'update');
			const body = await resourceBody(event.request, type);
			if (body.id !== event.params.id)
				throw new FhirError(400, 'invalid', 'The resource id must be the one in the address');
			return written(type, fhirBase(event.url), await update(caller, event.params.id!, body));
		}
	);

/** `PUT [type]?identifier=…`: the conditional update, by the sending system's own identifier. */
export const fhirConditionalUpdate = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'update', type: event.params.type, access: 'write' },
		async (caller, type) => {
			const update = writerFor(type, 'conditionalUpdate');
			const body = await resourceBody(event.request, type);
			return written(type, fhirBase(event.url), await update(caller, event.url.searchParams, body));
		}
	);

export const fhirDelete = (event: RequestEvent) =>
	fhirCall(
		event,
		{ interaction: 'delete', type: event.params.type, id: event.params.id, access: 'write' },
		async (caller, type) => {
			await writerFor(type, 'delete')(caller, event.params.id!);
			return { status: 204, body: null };
		}
	);

// ---- The token endpoint ----------------------------------------------------------------------

/** The token endpoint's own address: what a client's assertion must name as its audience. */
export const tokenUrl = (url: URL) => `${fhirBase(url)}/auth/token`;

const oauthAnswer = (status: number, body: object) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' }
	});

/**
 * SMART Backend Services' token request: a form post with the client credentials grant and a
 * signed assertion. Answers in OAuth's JSON (not FHIR's), and logs the call like any other.
 * Failed requests from one address are limited, as wrong passwords are.
 */
export async function fhirToken(event: RequestEvent): Promise<Response> {
	const address = event.getClientAddress();
	if (await heldBack('fhirTokenFailures', address)) {
		await recordCall({
			clientRowId: null,
			interaction: 'token',
			status: 429,
			outcome: 'throttled'
		});
		return oauthAnswer(429, {
			error: 'invalid_request',
			error_description: 'Too many failed requests; try later'
		});
	}
	const contentType = event.request.headers.get('content-type')?.split(';')[0]?.trim();
	let form: FormData | null = null;
	if (contentType === 'application/x-www-form-urlencoded') {
		try {
			form = await event.request.formData();
		} catch {
			form = null;
		}
	}
	const field = (name: string) => {
		const value = form?.get(name);
		return typeof value === 'string' && value.length <= 8192 ? value : null;
	};
	try {
		if (!form) throw new TokenError('invalid_request', 'Send application/x-www-form-urlencoded');
		const { clientRowId, ...token } = await issueToken(
			{
				grantType: field('grant_type'),
				scope: field('scope'),
				clientAssertionType: field('client_assertion_type'),
				clientAssertion: field('client_assertion')
			},
			tokenUrl(event.url)
		);
		await recordCall({ clientRowId, interaction: 'token', status: 200 });
		return oauthAnswer(200, token);
	} catch (error) {
		if (!(error instanceof TokenError)) throw error;
		await countTry('fhirTokenFailures', address);
		await recordCall({
			clientRowId: error.clientRowId,
			interaction: 'token',
			status: error.status,
			outcome: error.error
		});
		return oauthAnswer(error.status, { error: error.error, error_description: error.description });
	}
}

/** SMART's discovery document: where the token endpoint is and what it accepts. */
export function smartConfiguration(url: URL) {
	return {
		token_endpoint: tokenUrl(url),
		token_endpoint_auth_methods_supported: ['private_key_jwt'],
		token_endpoint_auth_signing_alg_values_supported: [...assertionAlgorithms],
		grant_types_supported: ['client_credentials'],
		scopes_supported: ['system/*.read', 'system/*.write', 'system/*.*'],
		capabilities: ['client-confidential-asymmetric']
	};
}

/**
 * The CapabilityStatement: open to anyone, as FHIR expects, since it says only what the
 * interface does. Logged like every call, with no client.
 */
export async function fhirMetadata(event: RequestEvent): Promise<Response> {
	const answer = { status: 200, body: capabilityStatement(fhirBase(event.url)) };
	await recordCall({ clientRowId: null, interaction: 'capabilities', status: 200 });
	return fhirResponse(answer);
}
