import { describe, expect, it } from 'vitest';
import { notifyCallbackBody } from './callback';

const token = 'receipt-token';
const posted = (body: BodyInit | null, authorization = `Bearer ${token}`) =>
	new Request('http://127.0.0.1/notify/delivery-receipts', {
		method: 'POST',
		headers: { authorization, 'content-type': 'application/json' },
		body
	});

/** The status a callback is refused with, or `ok` with what it posted. */
async function answer(request: Request, expected: string | null = token) {
	const read = await notifyCallbackBody(request, expected);
	return read.ok ? { ok: read.posted } : read.response.status;
}

describe('a callback from Notify', () => {
	it('is read when it carries the token and JSON', async () => {
		expect(await answer(posted('{"id":"x","status":"delivered"}'))).toEqual({
			ok: { id: 'x', status: 'delivered' }
		});
	});

	it('is refused with 401 for a wrong token, none, or none set, before its body is read', async () => {
		expect(await answer(posted('{}', 'Bearer receipt-tokeN'))).toBe(401);
		expect(await answer(posted('{}', ''))).toBe(401);
		expect(await answer(posted('{}'), null)).toBe(401);
		const unread = posted('{}', 'Bearer wrong');
		await notifyCallbackBody(unread, token);
		expect(unread.bodyUsed).toBe(false);
	});

	it('is refused with 413 when far longer than any callback, and 400 when not JSON', async () => {
		expect(await answer(posted(`{"id":"${'x'.repeat(20_000)}"}`))).toBe(413);
		// Told it is short, but is not: read no further than the limit.
		const stream = new ReadableStream({
			pull: (controller) => controller.enqueue(new Uint8Array(4096).fill(32))
		});
		expect(
			await answer(
				new Request('http://127.0.0.1/', {
					method: 'POST',
					headers: { authorization: `Bearer ${token}` },
					body: stream,
					duplex: 'half'
				} as RequestInit)
			)
		).toBe(413);
		for (const body of ['', 'not json', '{"id":', new Uint8Array([0x7b, 0xff, 0x7d])]) {
			expect(await answer(posted(body))).toBe(400);
		}
	});
});
