// GOV.UK Notify's received-text callback: a text someone sent to our number, pushed to us with the
// bearer token set in Notify's settings. Anything else is refused, and changes nothing.
import { notifyCallbackTokens } from '$lib/server/config';
import { receiveTextFromNotify } from '$lib/server/texts/conversation';
import { readCallback } from '$lib/server/texts/notify';
import { notifyCallbackBody } from '$lib/server/web/callback';

export async function POST({ request }) {
	const body = await notifyCallbackBody(request, notifyCallbackTokens.receivedText);
	if (!body.ok) return body.response;
	const text = readCallback(body.posted);
	if (!text) return new Response(null, { status: 400 });
	await receiveTextFromNotify(text);
	// Processed, or seen before: either way Notify need not send it again.
	return new Response(null, { status: 204 });
}
