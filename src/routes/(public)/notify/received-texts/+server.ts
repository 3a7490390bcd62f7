// GOV.UK Notify's received-text callback: a text someone sent to our number, pushed to us with the
// bearer token set in Notify's settings. Anything else is refused, and changes nothing.
import { error } from '@sveltejs/kit';
import { notifyCallbackTokens } from '$lib/server/config';
import { receiveTextFromNotify } from '$lib/server/texts/conversation';
import { readCallback } from '$lib/server/texts/notify';
import { bearerTokenMatches } from '$lib/server/web/bearer';

/** Notify's callbacks are small; a body far larger is not one of them. */
const largestBody = 64 * 1024;

export async function POST({ request }) {
	if (!bearerTokenMatches(request, notifyCallbackTokens.receivedText)) {
		return new Response(null, { status: 401 });
	}
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > largestBody) error(413);
	const raw = await request.text();
	if (raw.length > largestBody) error(413);
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		error(400);
	}
	const text = readCallback(body);
	if (!text) error(400);
	await receiveTextFromNotify(text);
	// Processed, or seen before: either way Notify need not send it again.
	return new Response(null, { status: 204 });
}
