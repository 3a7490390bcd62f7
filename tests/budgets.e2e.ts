// Bytes, not time, over every page of the demo, signed out in every language and signed in as a
// resident and as staff. Budgets (gzip, as sent over the wire):
// - first paint at most 14 KB: the HTML and every stylesheet it links (each blocks rendering), so
//   a first visit on a new connection can paint after one round trip (the initial congestion
//   window: 10 segments of about 1,460 bytes);
// - JavaScript at most 15 KB (the page script and the service worker), and no page needs it;
// - a whole first visit (HTML, CSS, JavaScript, icons, manifest, the offline page the worker
//   keeps) at most 25 KB;
// - nothing from another origin, no web fonts.
// The server compresses what it renders and sends built files precompressed and immutable.
// A table of every page's figures is printed. Every page's security headers are checked on the
// way (Content-Security-Policy, nosniff, Referrer-Policy, Permissions-Policy; no-store signed in).
import { gzipSync } from 'node:zlib';
import type { APIRequestContext } from '@playwright/test';
import { languages } from '../src/lib/i18n/languages';
import { expect, test } from './fixtures';

const KB = 1024;
const budget = { firstPaint: 14 * KB, js: 15 * KB, firstVisit: 25 * KB };

const publicPages = [
	'/',
	'/sign-in',
	'/register',
	'/sign-in/reset',
	'/language',
	'/help',
	'/accessibility',
	'/privacy',
	'/about'
];
const residentPages = [
	'/',
	'/settings',
	'/settings/communication-needs',
	'/settings/password',
	'/settings/devices',
	'/settings/download',
	'/appointments',
	'/appointments/book',
	'/care-plans',
	'/care-plans/1',
	'/care-plans/2',
	'/care-plans/3',
	'/contact',
	'/contact/2',
	'/requests',
	'/people',
	'/activity'
];
const staffPages = ['/', '/staff/diary', '/staff/requests', '/staff/requests/2', '/staff/outbox'];

const gzipped = (body: Buffer) => gzipSync(body, { level: 9 }).length;

/** Gzip bytes by kind; `firstPaint` is what must arrive before anything shows: HTML and CSS. */
type Row = {
	page: string;
	html: number;
	css: number;
	firstPaint: number;
	js: number;
	total: number;
};

/** Each asset's gzip size, fetched once for all pages. */
const assetSizes = new Map<string, number>();
async function assetSize(request: APIRequestContext, path: string): Promise<number> {
	const known = assetSizes.get(path);
	if (known !== undefined) return known;
	const response = await request.get(path);
	expect(response.ok(), `${path} is served`).toBe(true);
	const body = await response.body();
	expect(body.toString('latin1'), `${path} loads no font`).not.toMatch(/@font-face/);
	const size = gzipped(body);
	assetSizes.set(path, size);
	return size;
}

/**
 * Every page's answer carries the security policy (see SECURITY.md): scripts only from this site
 * (inline ones by hash), no framing, no sniffing, no referrer to other sites, no powerful features.
 */
function expectSecurityHeaders(path: string, headers: Record<string, string>) {
	const policy = headers['content-security-policy'] ?? '';
	for (const directive of [
		"default-src 'self'",
		"frame-ancestors 'none'",
		"object-src 'none'",
		"form-action 'self'",
		"base-uri 'self'"
	]) {
		expect(policy, `${path} Content-Security-Policy`).toContain(directive);
	}
	expect(policy, `${path} runs no inline script without a hash`).toMatch(
		/script-src 'self'(?: 'sha256-[\w+/=]+')*(?:;|$)/
	);
	expect(headers['x-content-type-options'], path).toBe('nosniff');
	expect(headers['referrer-policy'], path).toBe('same-origin');
	expect(headers['permissions-policy'], path).toMatch(/camera=\(\).*geolocation=\(\)/);
}

/** What a first visit to a page costs, by kind, with the page's own checks on the way. */
async function measure(request: APIRequestContext, baseURL: string, path: string): Promise<Row> {
	const response = await request.get(path);
	expect(response.url(), `${path} is not redirected`).toMatch(new RegExp(`${path}$`));
	expectSecurityHeaders(path, response.headers());
	const body = await response.body();
	const html = body.toString('utf8');
	const addresses = [...html.matchAll(/(?:href|src|action)="([^"]+)"/g)].map((m) => m[1]!);
	const foreign = addresses.filter(
		(url) => /^(https?:)?\/\//.test(url) && new URL(url, baseURL).origin !== new URL(baseURL).origin
	);
	expect(foreign, `${path} loads nothing from another origin`).toEqual([]);
	const local = (pattern: RegExp) =>
		[...html.matchAll(pattern)].map((m) => new URL(m[1]!, new URL(path, baseURL)).pathname);

	// Every stylesheet the page links blocks its first paint, whatever the order of attributes.
	let css = 0;
	for (const sheet of local(/<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="([^"]+)"/g)) {
		css += await assetSize(request, sheet);
	}
	let js = 0;
	for (const script of local(/<script[^>]* src="([^"]+)"/g)) js += await assetSize(request, script);
	// The page script registers the service worker, which then keeps the offline page.
	if (js > 0) js += await assetSize(request, '/service-worker.js');
	let rest = await assetSize(request, '/offline/en');
	for (const icon of local(/<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"/g)) {
		rest += await assetSize(request, icon);
	}
	for (const manifest of local(/<link rel="manifest" href="([^"]+)"/g)) {
		rest += await assetSize(request, manifest);
		const { icons } = await (await request.get(manifest)).json();
		for (const { src } of icons as { src: string }[]) rest += await assetSize(request, src);
	}
	const htmlBytes = gzipped(body);
	return {
		page: path,
		html: htmlBytes,
		css,
		firstPaint: htmlBytes + css,
		js,
		total: htmlBytes + css + js + rest
	};
}

function expectWithin(rows: Row[]) {
	for (const row of rows) {
		expect(row.firstPaint, `${row.page} first paint (HTML and CSS) gzip bytes`).toBeLessThanOrEqual(
			budget.firstPaint
		);
		expect(row.js, `${row.page} JavaScript gzip bytes`).toBeLessThanOrEqual(budget.js);
		expect(row.total, `${row.page} first visit gzip bytes`).toBeLessThanOrEqual(budget.firstVisit);
	}
}

function print(title: string, rows: Row[]) {
	const kb = (bytes: number) => (bytes / KB).toFixed(1).padStart(7);
	console.log(
		[
			`\n${title} (KB gzip; budgets: first paint ${budget.firstPaint / KB}, JS ${budget.js / KB}, first visit ${budget.firstVisit / KB})`,
			`${'page'.padEnd(36)}${['HTML', 'CSS', 'paint', 'JS', 'total'].map((h) => h.padStart(7)).join('')}`,
			...rows.map(
				(row) =>
					`${row.page.padEnd(36)}${[row.html, row.css, row.firstPaint, row.js, row.total].map(kb).join('')}`
			)
		].join('\n')
	);
}

async function signIn(request: APIRequestContext, baseURL: string, identifier: string) {
	const response = await request.post('/sign-in', {
		form: { identifier, password: 'joined-up-demo' },
		headers: { origin: new URL(baseURL).origin, accept: 'text/html' }
	});
	expect(response.ok()).toBe(true);
}

test.describe('budgets', () => {
	test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'bytes do not depend on JavaScript');

	test('signed out, in every language, every page is within budget', async ({
		playwright,
		baseURL
	}) => {
		const rows: Row[] = [];
		for (const { code } of languages) {
			const request = await playwright.request.newContext({
				baseURL,
				extraHTTPHeaders: { cookie: `lang=${code}` }
			});
			for (const path of [...publicPages, '/no-such-page']) {
				const row = await measure(request, baseURL!, path);
				rows.push({ ...row, page: `${code} ${path}` });
			}
			await request.dispose();
		}
		print('Signed out', rows);
		expectWithin(rows);
	});

	test('signed in, a resident’s and staff pages are within budget and never stored', async ({
		playwright,
		baseURL
	}) => {
		const rows: Row[] = [];
		for (const [who, pages] of [
			['patient@example.org', residentPages],
			['staff@example.org', staffPages]
		] as const) {
			const request = await playwright.request.newContext({ baseURL });
			await signIn(request, baseURL!, who);
			for (const path of pages) {
				const row = await measure(request, baseURL!, path);
				rows.push({ ...row, page: `${who.split('@')[0]} ${path}` });
				const response = await request.get(path);
				expect(response.headers()['cache-control'], `${path} is not stored`).toBe('no-store');
			}
			await request.dispose();
		}
		print('Signed in', rows);
		expectWithin(rows);
	});

	test('the server compresses what it renders; built files are precompressed and immutable', async ({
		request
	}) => {
		const html = await request.get('/help', { headers: { 'accept-encoding': 'br, gzip' } });
		expect(html.headers()['content-encoding']).toBe('br');
		expect(html.headers()['vary']).toMatch(/Accept-Encoding/);
		const gzip = await request.get('/help', { headers: { 'accept-encoding': 'gzip' } });
		expect(gzip.headers()['content-encoding']).toBe('gzip');
		const plain = await request.get('/help', { headers: { 'accept-encoding': 'identity' } });
		expect(plain.headers()['content-encoding']).toBeUndefined();
		expect(await plain.text()).toBe(await html.text());

		const page = await html.text();
		const built = [
			...page.matchAll(/(?:href|src)="([^"]*_app\/immutable\/[^"]+\.(?:css|js))"/g)
		].map((m) => new URL(m[1]!, 'http://x/help').pathname);
		expect(built.length).toBeGreaterThan(1);
		for (const path of built) {
			const asset = await request.get(path, { headers: { 'accept-encoding': 'br, gzip' } });
			expect(asset.headers()['content-encoding'], `${path} precompressed`).toBe('br');
			expect(asset.headers()['cache-control'], `${path} cached for good`).toMatch(/immutable/);
		}
	});
});

test('the health check reports the database', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ ok: true, database: 'reachable' });
});

test('a form posted from another site is refused', async ({ request }) => {
	const response = await request.post('/sign-out', {
		form: {},
		headers: { origin: 'https://evil.example' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(403);
});
