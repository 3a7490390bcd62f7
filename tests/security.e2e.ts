// Guessing is held back, and the person can see where they are signed in: too many wrong
// passwords pause signing in to an account (even with the right one), with a translated message
// that says for how long; wrong invitation codes likewise; the security log shows admins what
// happened without anything typed; and a device signed out from another is signed out.
// (The limits' arithmetic, per address too, is in src/lib/server/limits.spec.ts.)
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';
import { aResident, anAccount, uniqueWord } from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'forms and limits need no JavaScript');

const password = 'a long walk by the river';

/** A new account of its own (signed out), so that holding it back touches no other test. */
async function register(email: string) {
	await anAccount({ email, password });
}

async function tryToSignIn(page: Page, email: string, withPassword: string) {
	await page.locator('#identifier').fill(email);
	await page.locator('#password').fill(withPassword);
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('ten wrong passwords pause signing in to the account, then the log shows it', async ({
	page
}) => {
	test.setTimeout(120_000);
	const email = `guessed-${uniqueWord()}@example.org`;
	await register(email);
	const summary = page.locator('.nhsuk-error-summary');

	await useLanguage(page, 'ar');
	await page.goto('/sign-in');
	await expectAccessible(page);
	for (let attempt = 1; attempt < 10; attempt++) {
		await tryToSignIn(page, email, `wrong guess ${attempt}`);
		await expect(summary).toContainText(ar.signIn.errors.credentials);
	}
	await tryToSignIn(page, email, 'wrong guess 10');
	await expect(summary).toContainText(ar.signIn.errors.tooManyTries);
	await expect(page.locator('#identifier-error')).toContainText(ar.signIn.errors.tooManyTries);
	// Now even the right password waits: that is what stops guessing.
	await tryToSignIn(page, email, password);
	await expect(summary).toContainText(ar.signIn.errors.tooManyTries);
	expect(new URL(page.url()).pathname).toBe('/sign-in');

	await useLanguage(page, 'en');
	await signIn(page, 'admin@example.org');
	await page.getByRole('link', { name: en.home.securityLogLink }).click();
	await expectAccessible(page);
	const log = page.locator('main table');
	await expect(log).toContainText(staffEn.security.kinds.sign_in_failed);
	await expect(log).toContainText(staffEn.security.kinds.held_back);
	await expect(log).toContainText(staffEn.security.reasons.sign_in);
	// What was typed never reaches the log: not the address, not a password.
	await expect(page.locator('main')).not.toContainText(email);
	await expect(page.locator('main')).not.toContainText('wrong guess');
});

test('the security log is for admins only', async ({ page }) => {
	await signIn(page, 'staff@example.org');
	const response = await page.goto('/staff/security');
	expect(response?.status()).toBe(404);
	await expectAccessible(page);
});

test('wrong invitation codes are held back after ten', async ({ page }) => {
	test.setTimeout(120_000);
	const email = `codes-${uniqueWord()}@example.org`;
	await register(email);
	await signIn(page, email, password);
	await page.goto('/people/accept');
	await expectAccessible(page);
	const summary = page.locator('.nhsuk-error-summary');
	for (let attempt = 1; attempt <= 10; attempt++) {
		await page.locator('#code').fill(`ZZZZ-ZZZZ-${String(attempt).padStart(2, '0')}`);
		await page.locator('main button[type=submit]').click();
		await page.waitForLoadState('load');
		await expectAccessible(page);
		await expect(summary).toContainText(
			attempt < 10 ? en.people.errors.codeUnknown : en.people.errors.codeTooManyTries
		);
	}
});

test('where you are signed in: another device is listed and can be signed out', async ({
	page,
	browser
}) => {
	const email = `devices-${uniqueWord()}@example.org`;
	await register(email);
	// A second browser, as if a phone, signed in to the same account.
	const phone = await browser.newContext({
		userAgent:
			'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
		javaScriptEnabled: false
	});
	const phonePage = await phone.newPage();
	await phonePage.goto('/sign-in');
	await phonePage.locator('#identifier').fill(email);
	await phonePage.locator('#password').fill(password);
	await phonePage.locator('main button[type=submit]').click();
	await phonePage.waitForURL('/');

	await signIn(page, email, password);
	await page.goto('/settings');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.settings.devicesLink }).click();
	await expectAccessible(page);
	const main = page.locator('main');
	await expect(main.getByRole('heading', { level: 2 })).toHaveCount(2);
	await expect(main).toContainText(en.devices.thisDevice.replace('{{name}}', ''));
	await expect(main).toContainText('Chrome on Android');
	await main
		.getByRole('button', { name: new RegExp(`^${en.devices.signOut}\\s*: Chrome on Android`) })
		.click();
	await page.waitForURL('/settings/devices?done=signedOut');
	await expectAccessible(page);
	await expect(page.getByRole('status')).toHaveText(en.devices.notices.signedOut);
	await expect(main.getByRole('heading', { level: 2 })).toHaveCount(1);
	await expect(main).toContainText(en.devices.onlyThis);

	// The phone's next page finds it signed out.
	await phonePage.goto('/appointments');
	expect(new URL(phonePage.url()).pathname).toBe('/sign-in');
	await phone.close();
});

test.describe('what a security probe found', () => {
	const evil = ['/..//evil.example/phish', '/./\\/evil.example', '/.//evil.example'];

	test('no address leads off the site: sign-in, language and password again', async ({ page }) => {
		const email = `returnto-${Date.now()}@example.org`;
		await register(email);
		await signIn(page, email, password);
		const origin = new URL(page.url()).origin;
		for (const returnTo of evil) {
			const query = encodeURIComponent(returnTo);
			// Signed in, the sign-in page sends the person on at once.
			const signedIn = await page.request.get(`/sign-in?returnTo=${query}`, { maxRedirects: 0 });
			expect(signedIn.status()).toBe(303);
			expect(signedIn.headers().location).toBe('/');
			const language = await page.request.post('/language', {
				form: { language: 'en', returnTo },
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(language.status()).toBe(303);
			expect(language.headers().location).toBe('/');
			const confirmed = await page.request.post(`/settings/confirm-password?returnTo=${query}`, {
				form: { password },
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(confirmed.status()).toBe(303);
			expect(confirmed.headers().location).toBe('/settings');
			// The page's way back goes nowhere else either.
			await page.goto(`/settings/confirm-password?cancel=${query}&returnTo=${query}`);
			await expectAccessible(page);
			for (const href of await page
				.locator('a')
				.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))) {
				expect(href).not.toMatch(/^[/\\]{2}/);
				expect(new URL(href, page.url()).origin).toBe(origin);
			}
			await expect(page.locator('a.nhsuk-back-link')).toHaveAttribute('href', '/settings');
		}
	});

	test('signing out and ending an assisted session are refused from another site', async ({
		page
	}) => {
		await signIn(page, 'linkworker@example.org');
		const origin = new URL(page.url()).origin;
		for (const path of ['/assist/end', '/sign-out']) {
			const origins: Record<string, string>[] = [
				{ origin: 'http://evil.example' },
				{ origin: 'null' },
				{}
			];
			for (const headers of origins) {
				const refused = await page.request.post(path, { headers, maxRedirects: 0 });
				expect(refused.status(), `${path} ${JSON.stringify(headers)}`).toBe(403);
			}
		}
		// Still signed in.
		await page.goto('/settings');
		expect(new URL(page.url()).pathname).toBe('/settings');
		await expectAccessible(page);
		// From the site itself, both work.
		const ended = await page.request.post('/assist/end', {
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(ended.status()).toBe(303);
		await page.getByRole('button', { name: en.header.signOut }).click();
		await page.waitForURL('/');
		await expectAccessible(page);
		await page.goto('/settings');
		expect(new URL(page.url()).pathname).toBe('/sign-in');
		await expectAccessible(page);
	});
});

test('invitations to one address are held back after three, with a message, and the log shows it', async ({
	page
}) => {
	// A resident of this test's own, so that their care's allowance (ten an hour, counted in
	// src/lib/server/people/people.spec.ts with the one per address) is this test's alone.
	await signIn(page, (await aResident()).email);
	const origin = new URL(page.url()).origin;
	const invited = `invited-${Date.now()}@example.org`;
	for (let sent = 1; sent <= 3; sent++) {
		const response = await page.request.post('/people/invite', {
			form: { identifier: invited, permissions: 'appointments.view' },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
	}
	// A fourth to the same address is held back, whoever sends it, in the person's language.
	for (const [language, strings] of [
		['en', en],
		['ar', ar]
	] as const) {
		await useLanguage(page, language);
		await page.goto('/people/invite');
		await expectAccessible(page);
		await page.getByLabel(strings.people.identifierLabel).fill(invited);
		await page.locator('main button[type=submit]').click();
		await page.waitForLoadState('load');
		await expectAccessible(page);
		await expect(page.locator('.nhsuk-error-summary')).toContainText(
			strings.people.errors.tooManyInvitationsTo
		);
		await expect(page.getByLabel(strings.people.identifierLabel)).toHaveValue(invited);
	}
	await useLanguage(page, 'en');
	await page.goto('/people');
	await expectAccessible(page);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);

	await signIn(page, 'admin@example.org');
	await page.goto('/staff/security');
	await expectAccessible(page);
	await expect(page.locator('table')).toContainText(staffEn.security.reasons.invitation_to);
});
