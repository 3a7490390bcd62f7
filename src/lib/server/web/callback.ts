// A callback from GOV.UK Notify, before anything of it is believed: the bearer token set for it
// in Notify's settings (compared in constant time, bearer.ts), then a body that is small and
// JSON. Anything else is refused with a 4xx and reaches no domain function: only a fault of
// ours answers 5xx, which is what makes Notify try again (it does for a 5xx, a 429 or no answer,
// five times, five minutes apart, and never for another 4xx).
import { bearerTokenMatches } from './bearer';

/** Notify's callbacks are a few hundred bytes; far more is not one of them. */
const largestCallbackBytes = 16 * 1024;

export type CallbackBody = { ok: true; posted: unknown } | { ok: false; response: Response };

const refused = (status: 400 | 401 | 413): CallbackBody => ({
	ok: false,
	response: new Response(null, {
		status,
		headers: status === 401 ? { 'www-authenticate': 'Bearer' } : {}
	})
});

/** The body at most `largest` bytes long, read no further than that; null when longer. */
export async function boundedBody(request: Request, largest: number): Promise<Uint8Array | null> {
	if (Number(request.headers.get('content-length') ?? 0) > largest) return null;
	const chunks: Uint8Array[] = [];
	let length = 0;
	const reader = request.body?.getReader();
	while (reader) {
		const { done, value } = await reader.read();
		if (done) break;
		length += value.byteLength;
		if (length > largest) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

/** The JSON Notify posted to a callback whose token is `token`, or the answer refusing it. */
export async function notifyCallbackBody(
	request: Request,
	token: string | null
): Promise<CallbackBody> {
	if (!bearerTokenMatches(request, token)) return refused(401);
	const body = await boundedBody(request, largestCallbackBytes);
	if (!body) return refused(413);
	try {
		return { ok: true, posted: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
	} catch {
		return refused(400);
	}
}
