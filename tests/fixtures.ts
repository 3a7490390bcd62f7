// The test harness: every page a test loads must be checked with axe before the next one loads,
// or the test fails. Checks use the WCAG 2.0, 2.1 and 2.2 A and AA rules (2.2 must be named), that
// nothing is shown by mistake (an element marked `hidden` yet displayed, or template leftovers), and
// that the HTML the server sent is valid (html-validate, with the rules chosen in html-validate.ts).
import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import {
	test as base,
	expect,
	request as requests,
	type APIRequestContext,
	type BrowserContext,
	type Page,
	type Response
} from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { htmlProblems } from './html-validate';

export { expect };

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Tracking = {
	unchecked: string | null;
	missed: string[];
	/** Where axe runs when the page under test has JavaScript off (axe needs scripts). */
	scriptedContext: () => Promise<BrowserContext>;
	/** The scripted copy of the document last checked. */
	copy?: { url: string; html: string; page: Page };
	/** The response that brought the main frame's document last: its body is the HTML as served. */
	document?: Response;
};
const tracking = new WeakMap<Page, Tracking>();

/**
 * Pages already found clean in this worker, by a hash of their exact DOM and whether scripts run.
 * Axe's verdict depends only on the document (the stylesheet is the same build), so the sign-in
 * page every journey passes through is analysed once, not dozens of times.
 */
const passed = new Set<string>();

/**
 * Runs axe on the page as it is now and fails on any violation, anything shown by mistake, or
 * invalid HTML in the document the server sent.
 */
export async function expectAccessible(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	const state = tracking.get(page);
	const served = await servedHtml(page, state);
	const key = createHash('sha256')
		.update(`${test.info().project.name}\n${page.url()}\n${await page.content()}\n${served}`)
		.digest('hex');
	if (passed.has(key)) {
		if (state) state.unchecked = null;
		return;
	}
	// Legacy mode runs axe in the page alone, without a blank page to join the results of frames
	// (pages here have none): the same rules, in half the time.
	const checked = await scriptablePage(page, state);
	const results = await new AxeBuilder({ page: checked })
		.withTags(wcagTags)
		.setLegacyMode(true)
		.analyze();
	const violations = results.violations.map((violation) => ({
		rule: violation.id,
		impact: violation.impact,
		targets: violation.nodes.map((node) => node.target.join(' '))
	}));
	const mistakes = await checked.evaluate(shownByMistake);
	const invalid = await htmlProblems(served, page.url());
	// Checked, whatever the verdict: a failing check fails the test on its own.
	if (state) state.unchecked = null;
	expect(violations, `axe violations on ${page.url()}`).toEqual([]);
	expect(mistakes, `shown by mistake on ${page.url()}`).toEqual({ hidden: [], placeholders: [] });
	expect(invalid, `invalid HTML on ${page.url()}`).toEqual([]);
	passed.add(key);
}

/**
 * The HTML the server sent for the page's document: the body of the response that brought it. A
 * document that came with no response to read (one restored from the back-forward cache, say) is
 * read from the page instead, which with JavaScript off is that same HTML as the browser parsed it.
 */
async function servedHtml(page: Page, state: Tracking | undefined): Promise<string> {
	const response = state?.document;
	if (response && response.url().split('#')[0] === page.url().split('#')[0]) {
		const body = await response.text().catch(() => null);
		if (body !== null) return body;
	}
	return page.content();
}

/**
 * Runs in the page: elements marked `hidden` that a stylesheet displays all the same (a rule
 * setting `display` beats the browser's own rule for `hidden`), and what a template left unfilled
 * where a reader meets it (the text shown, the title, accessible names).
 */
function shownByMistake(): { hidden: string[]; placeholders: string[] } {
	const hidden = [...document.querySelectorAll('[hidden]')]
		.filter((element) => element.getAttribute('hidden') !== 'until-found')
		.filter((element) => getComputedStyle(element).display !== 'none')
		.map((element) => element.outerHTML.slice(0, 200));
	const names = [...document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')]
		.filter((element) => element.checkVisibility())
		.flatMap((element) =>
			['aria-label', 'alt', 'title', 'placeholder'].map((name) => element.getAttribute(name) ?? '')
		);
	const read = [document.title, document.body.innerText, ...names].join('\n');
	const placeholders = read.match(/%[A-Z_]+%|{{|}}|\bundefined\b|\bNaN\b|\[object Object\]/g);
	return { hidden, placeholders: [...new Set(placeholders)] };
}

/**
 * The page itself when it runs scripts. With JavaScript off, axe cannot run in it, so the exact
 * HTML the server sent is served again, at the same address, to a scripted page for the check.
 */
async function scriptablePage(page: Page, state: Tracking | undefined): Promise<Page> {
	if (test.info().project.use.javaScriptEnabled !== false || !state) return page;
	const url = page.url();
	const html = await page.content();
	if (state.copy?.url === url && state.copy.html === html) return state.copy.page;
	// One scripted page per test shows each document in turn: its address answers with the HTML
	// being checked, while the stylesheet and images come from the server as usual.
	if (!state.copy) {
		const copyPage = await (await state.scriptedContext()).newPage();
		await copyPage.route('**/*', (route) =>
			route.request().isNavigationRequest()
				? route.fulfill({ body: state.copy!.html, contentType: 'text/html' })
				: route.continue()
		);
		state.copy = { url, html, page: copyPage };
	}
	state.copy.url = url;
	state.copy.html = html;
	// Without its fragment, the address always loads the document afresh.
	await state.copy.page.goto(url.split('#')[0]!);
	return state.copy.page;
}

/**
 * Runs `fn` in the document as the server sent it: in the page itself, or, when the page has
 * JavaScript off, in a scripted copy of it.
 */
export async function evaluateAsServed<R>(
	page: Page,
	fn: (arg: string[]) => R,
	arg: string[]
): Promise<R> {
	return (await scriptablePage(page, tracking.get(page))).evaluate(fn, arg);
}

export const test = base.extend({
	page: async ({ page, browser }, use) => {
		let scripted: Promise<BrowserContext> | undefined;
		const state: Tracking = {
			unchecked: null,
			missed: [],
			// The copy is laid out as the page is, at the same width.
			scriptedContext: () =>
				(scripted ??= browser.newContext({
					javaScriptEnabled: true,
					// A service worker's own fetches would bypass the copy's routing to the server.
					serviceWorkers: 'block',
					viewport: page.viewportSize()
				}))
		};
		tracking.set(page, state);
		page.on('response', (response) => {
			const request = response.request();
			if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
				state.document = response;
			}
		});
		page.on('load', () => {
			if (state.unchecked) state.missed.push(state.unchecked);
			state.unchecked = page.url();
		});
		await use(page);
		await (await scripted)?.close();
		if (state.unchecked) state.missed.push(state.unchecked);
		expect(state.missed, 'pages loaded without an axe check').toEqual([]);
	}
});

/** Sets the language cookie before the first page, as a returning visitor would have it. */
export async function useLanguage(page: Page, language: string): Promise<void> {
	const baseURL = test.info().project.use.baseURL!;
	await page.context().addCookies([{ name: 'lang', value: language, url: baseURL }]);
}

/**
 * Types a date, given as YYYY-MM-DD, into NHS.UK's date input named by its legend: day, month
 * and year, each in its own box.
 */
export async function fillDate(page: Page, legend: string, date: string): Promise<void> {
	const [year, month, day] = date.split('-');
	const boxes = page.getByRole('group', { name: legend, exact: true }).getByRole('textbox');
	await boxes.nth(0).fill(day!);
	await boxes.nth(1).fill(month!);
	await boxes.nth(2).fill(year!);
}

export const demoPassword = 'joined-up-demo';

/** Signs in through the form, as a person would, and checks each page on the way. */
export async function signIn(
	page: Page,
	identifier: string,
	password = demoPassword
): Promise<void> {
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.locator('#identifier').fill(identifier);
	await page.locator('#password').fill(password);
	await page.locator('main button[type=submit]').click();
	await page.waitForURL((url) => url.pathname !== '/sign-in');
	await expectAccessible(page);
}

/** An email address or UK mobile number as the outbox holds it (lower case; +44). */
function asSent(identifier: string): string {
	if (identifier.includes('@')) return identifier.trim().toLowerCase();
	return identifier.replace(/[\s\-().]/g, '').replace(/^(?:\+44|0044|44|0)(7\d{9})$/, '+44$1');
}

/**
 * The code in the latest message of a kind sent to an address (six digits, or eight in two
 * fours), read as the demo shows it: as admin@example.org at /staff/outbox (the database keeps
 * no code once the message is sent).
 */
export async function latestCodeTo(
	address: string,
	kind: keyof typeof staffEn.outbox.kinds = 'account.confirm_code'
): Promise<string> {
	const baseURL = test.info().project.use.baseURL!;
	const admin = await requests.newContext({ baseURL });
	try {
		const signedIn = await admin.post('/sign-in', {
			form: { identifier: 'admin@example.org', password: demoPassword },
			headers: { origin: new URL(baseURL).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(signedIn.status(), 'the admin signs in').toBe(303);
		const page = await (await admin.get('/staff/outbox')).text();
		const row = page
			.split('<tr')
			.find(
				(row) => row.includes(`>${asSent(address)}<`) && row.includes(staffEn.outbox.kinds[kind])
			);
		const code = /class="joined-up-message[^"]*">[^<]*?\b(\d{4} \d{4}|\d{6})\b/.exec(
			row ?? ''
		)?.[1];
		expect(code, `a code sent to ${address}`).toBeTruthy();
		return code!;
	} finally {
		await admin.dispose();
	}
}

/**
 * Creates an account through /register as a person would: the address and password, then the
 * code sent to it. Checks each page on the way; ends signed in, on the home page.
 */
export async function registerAccount(page: Page, identifier: string, password: string) {
	await page.goto('/register');
	await expectAccessible(page);
	await page.getByLabel(en.register.identifierLabel).fill(identifier);
	await page.getByLabel(en.register.passwordLabel).fill(password);
	await page.getByRole('button', { name: en.register.submit }).click();
	await page.waitForURL('/register/code');
	await expectAccessible(page);
	await page.getByLabel(en.register.code.codeLabel).fill(await latestCodeTo(identifier));
	await page.locator('main button[type=submit]').click();
	await page.waitForURL('/');
	await expectAccessible(page);
}

/**
 * Creates an account through /register's forms without a browser, for tests that post forms.
 * Only the cookie tying the code to this confirmation is sent (never the context's own session,
 * which signing in would end); the new account's session is then kept by the context.
 */
export async function registerByPost(
	request: APIRequestContext,
	identifier: string,
	password: string
): Promise<void> {
	const baseURL = test.info().project.use.baseURL!;
	const headers = { origin: new URL(baseURL).origin, accept: 'text/html', cookie: 'lang=en' };
	const asked = await request.post(`${baseURL}/register`, {
		form: { identifier, password },
		headers,
		maxRedirects: 0
	});
	expect(asked.status(), 'the address is taken to be confirmed').toBe(303);
	expect(asked.headers()['location']).toBe('/register/code');
	const registration = asked
		.headersArray()
		.filter((header) => header.name.toLowerCase() === 'set-cookie')
		.map((header) => header.value.split(';')[0]!)
		.find((cookie) => cookie.startsWith('registration='));
	expect(registration, 'the confirmation is this client’s').toBeTruthy();
	const confirmed = await request.post(`${baseURL}/register/code`, {
		form: { code: await latestCodeTo(identifier) },
		headers: { ...headers, cookie: `${registration}; lang=en` },
		maxRedirects: 0
	});
	expect(confirmed.status(), 'the code makes the account').toBe(303);
	expect(confirmed.headers()['location']).toBe('/');
}
