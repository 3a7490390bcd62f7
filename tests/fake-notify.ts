// A small stand-in for GOV.UK Notify's API on 127.0.0.1, for tests of the Notify driver. It checks
// what the real client sends as Notify would: the path, a JSON body with a template id and an
// address, and a bearer JWT signed (HS256) with the API key's secret, issued by its service id,
// at most 30 seconds old. It answers as scripted, 201 by default. It remembers each message it
// took, and says how it went (`GET /v2/notifications/{id}`) as the test scripts, "sending" until
// then. It holds texts people sent to the service (`textsReceived`), listed newest first, 250 a
// page, by `GET /v2/received-text-messages`. `postToApp` posts to the app as Notify's callbacks do.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type NotifyRequest = { path: string; body: Record<string, unknown>; serviceId: string };

export type FakeNotify = {
	url: string;
	apiKey: string;
	received: NotifyRequest[];
	/** Status codes to answer with, in order; when empty, 201. */
	answers: number[];
	/** Notify's id of each message taken, in order. */
	ids: string[];
	/** How each message went, by Notify's id, as `GET /v2/notifications/{id}` answers; else "sending". */
	statuses: Map<string, string>;
	/** Texts people sent to the service's number, oldest first, as a test adds them. */
	textsReceived: ReceivedTextMessage[];
	close(): Promise<void>;
};

/** A received text as Notify's API lists it. */
export type ReceivedTextMessage = {
	id: string;
	user_number: string;
	notify_number: string;
	content: string;
	created_at: string;
	service_id?: string;
};

/** Notify's page size for received texts. */
const receivedPage = 250;

/**
 * Posts JSON to one of the app's callback endpoints as GOV.UK Notify does: with the bearer token
 * set for that callback in Notify's settings.
 */
export function postToApp(url: string, token: string, body: unknown): Promise<Response> {
	return fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

function base64url(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

function verifiedIssuer(header: string | undefined, serviceId: string, secret: string): boolean {
	const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
	const [head, claims, signature] = token?.split('.') ?? [];
	if (!head || !claims || !signature) return false;
	const expected = base64url(createHmac('sha256', secret).update(`${head}.${claims}`).digest());
	if (
		expected.length !== signature.length ||
		!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
	)
		return false;
	const { alg } = JSON.parse(Buffer.from(head, 'base64url').toString());
	const { iss, iat } = JSON.parse(Buffer.from(claims, 'base64url').toString());
	return alg === 'HS256' && iss === serviceId && Math.abs(Date.now() / 1000 - iat) <= 30;
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

export async function startFakeNotify(): Promise<FakeNotify> {
	const serviceId = randomUUID();
	const secret = randomUUID();
	const received: NotifyRequest[] = [];
	const answers: number[] = [];
	const ids: string[] = [];
	const statuses = new Map<string, string>();
	const textsReceived: ReceivedTextMessage[] = [];
	const server = createServer(async (request, response) => {
		const reply = (status: number, body: unknown) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		if (!verifiedIssuer(request.headers.authorization, serviceId, secret)) {
			return reply(403, { status_code: 403, errors: [{ error: 'AuthError' }] });
		}
		const path = request.url ?? '';
		const asked = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(path)?.[1];
		if (request.method === 'GET' && asked) {
			const taken = received[ids.indexOf(asked)];
			if (!taken) return reply(404, { status_code: 404, errors: [{ error: 'NoResultFound' }] });
			return reply(200, {
				id: asked,
				reference: taken.body.reference ?? null,
				type: taken.path.split('/').at(-1),
				status: statuses.get(asked) ?? 'sending'
			});
		}
		const listing = /^\/v2\/received-text-messages(?:\?older_than=([0-9a-f-]{36}))?$/.exec(path);
		if (request.method === 'GET' && listing) {
			const newestFirst = [...textsReceived].reverse();
			const from = listing[1] ? newestFirst.findIndex((text) => text.id === listing[1]) + 1 : 0;
			const page = newestFirst.slice(from, from + receivedPage);
			return reply(200, {
				received_text_messages: page.map((text) => ({ ...text, service_id: serviceId })),
				links: { current: path }
			});
		}
		const body = await jsonBody(request);
		const type = /^\/v2\/notifications\/(email|sms|letter)$/.exec(path)?.[1];
		// A letter's address is in its personalisation, in at least three lines, as Notify asks.
		const personalisation = (body.personalisation ?? {}) as Record<string, unknown>;
		const lines = Object.keys(personalisation).filter((key) => key.startsWith('address_line_'));
		const to =
			type === 'email'
				? body.email_address
				: type === 'sms'
					? body.phone_number
					: lines.length >= 3 && personalisation.address_line_1;
		if (request.method !== 'POST' || !type || typeof body.template_id !== 'string' || !to) {
			return reply(400, { status_code: 400, errors: [{ error: 'BadRequestError' }] });
		}
		received.push({ path, body, serviceId });
		const status = answers.shift() ?? 201;
		if (status !== 201) return reply(status, { status_code: status, errors: [{ error: 'x' }] });
		const id = randomUUID();
		ids[received.length - 1] = id;
		reply(201, {
			id,
			reference: body.reference ?? null,
			content: { body: '', subject: '' },
			uri: `${path}/1`,
			template: { id: body.template_id, version: 1, uri: '' }
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		apiKey: `joined_up_test-${serviceId}-${secret}`,
		received,
		answers,
		ids,
		statuses,
		textsReceived,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
