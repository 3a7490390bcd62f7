// Pages leave the server compressed, so their budgets hold on the wire without a proxy in front.
// Static files are compressed once at build time (adapter-node's `precompress`) and served as
// they are; this is for what the server renders: HTML, and the calendar files.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The encoding to use for an Accept-Encoding header: brotli, else gzip, else none. */
export function chooseEncoding(header: string | null): Encoding | null {
	const accepted = new Map(
		(header ?? '').split(',').map((part) => {
			const [name = '', ...params] = part.trim().toLowerCase().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			return [name.trim(), q ? Number(q.slice(2)) : 1] as const;
		})
	);
	const allows = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (allows('br')) return 'br';
	if (allows('gzip')) return 'gzip';
	return null;
}

const compressible = /^(text\/(html|calendar|plain)|application\/json)\b/;

/** The response compressed for the request, when it is worth it and the browser accepts it. */
export async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		request.method === 'HEAD' ||
		!response.body ||
		response.status === 204 ||
		response.status === 304 ||
		response.headers.has('content-encoding') ||
		!compressible.test(type)
	) {
		return response;
	}
	const headers = new Headers(response.headers);
	headers.append('Vary', 'Accept-Encoding');
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return new Response(response.body, { status: response.status, headers });
	const body = Buffer.from(await response.arrayBuffer());
	// Brotli's quality 5 is nearly as small as its best on pages this size, at a fraction of the
	// time; pages are rendered for each request, so time counts.
	const packed =
		encoding === 'br'
			? await brotli(body, {
					params: {
						[constants.BROTLI_PARAM_QUALITY]: 5,
						[constants.BROTLI_PARAM_SIZE_HINT]: body.length
					}
				})
			: await gzipped(body, { level: 6 });
	headers.set('Content-Encoding', encoding);
	headers.delete('Content-Length');
	return new Response(packed, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
