// Bytes, not time: every page's HTML arrives in the first round trip (14 KB gzip), the stylesheet
// stays under 15 KB gzip, no page needs a script, and nothing comes from another origin.
import { gzipSync } from 'node:zlib';
import { languages } from '../src/lib/i18n/languages';
import { expect, test } from './fixtures';

const htmlBudget = 14 * 1024;
const stylesheetBudget = 15 * 1024;
const pages = [
	'/',
	'/sign-in',
	'/register',
	'/language',
	'/help',
	'/accessibility',
	'/privacy',
	'/no-such-page'
];

const gzipped = (body: Buffer) => gzipSync(body, { level: 9 }).length;

test.describe('budgets', () => {
	test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'bytes do not depend on JavaScript');

	for (const { code: lang } of languages) {
		test(`pages in ${lang} are within budget and self-contained`, async ({ request, baseURL }) => {
			const stylesheets = new Set<string>();
			for (const path of pages) {
				const response = await request.get(path, { headers: { cookie: `lang=${lang}` } });
				const html = await response.body();
				const text = html.toString('utf8');
				expect(gzipped(html), `${path} HTML gzip bytes`).toBeLessThanOrEqual(htmlBudget);
				expect(text, `${path} needs no script`).not.toMatch(/<script/i);
				const urls = [...text.matchAll(/(?:href|src|action)="([^"]+)"/g)].map((m) => m[1]!);
				const foreign = urls.filter(
					(url) =>
						/^(https?:)?\/\//.test(url) && new URL(url, baseURL).origin !== new URL(baseURL!).origin
				);
				expect(foreign, `${path} loads nothing from another origin`).toEqual([]);
				for (const match of text.matchAll(/<link href="([^"]+\.css)" rel="stylesheet"/g)) {
					stylesheets.add(new URL(match[1]!, new URL(path, baseURL)).pathname);
				}
			}
			expect(stylesheets.size).toBe(1);
			for (const path of stylesheets) {
				const response = await request.get(path);
				expect(response.ok(), `${path} is served`).toBe(true);
				const css = await response.body();
				expect(gzipped(css), `${path} gzip bytes`).toBeLessThan(stylesheetBudget);
				expect(css.toString('utf8')).not.toMatch(/@font-face|@import|url\((["']?)(https?:)?\/\//);
			}
		});
	}

	test('a signed-in page is within budget and never stored by a cache', async ({
		request,
		baseURL
	}) => {
		const signIn = await request.post('/sign-in', {
			form: { identifier: 'patient@example.org', password: 'joined-up-demo' },
			headers: { origin: new URL(baseURL!).origin, accept: 'text/html' }
		});
		expect(signIn.ok()).toBe(true);
		const home = await request.get('/');
		expect(await home.text()).toContain('Hello, Grace');
		expect(home.headers()['cache-control']).toBe('no-store');
		expect(gzipped(await home.body())).toBeLessThanOrEqual(htmlBudget);
		for (const path of [
			'/settings',
			'/appointments',
			'/appointments/book',
			'/care-plans',
			// The demo's care plans, the longest pages residents read.
			'/care-plans/1',
			'/care-plans/2',
			'/care-plans/3'
		]) {
			const page = await request.get(path);
			expect(page.url()).toMatch(new RegExp(`${path}$`));
			expect(gzipped(await page.body()), `${path} HTML gzip bytes`).toBeLessThanOrEqual(htmlBudget);
		}
		// Care plan pages add their own small stylesheet (care card, tags, print), on them only.
		const plan = await (await request.get('/care-plans/1')).text();
		const sheets = [...plan.matchAll(/<link href="([^"]+\.css)" rel="stylesheet"/g)];
		let bytes = 0;
		for (const [, href] of sheets) bytes += gzipped(await (await request.get(href!)).body());
		expect(bytes, 'care plan stylesheets gzip bytes').toBeLessThan(stylesheetBudget + 2 * 1024);
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
