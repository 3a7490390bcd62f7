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

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'forms and limits need no JavaScript');

const password = 'a long walk by the river';

/** A new account of its own, so that holding it back touches no other test. */
async function register(page: Page, email: string) {
	await page.goto('/register');
	await expectAccessible(page);
	await page.getByLabel(en.register.identifierLabel).fill(email);
	await page.getByLabel(en.register.passwordLabel).fill(password);
	await page.getByRole('button', { name: en.register.submit }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
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
	const email = `guessed-${test.info().project.name}@example.org`;
	await register(page, email);
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
	await register(page, `codes-${test.info().project.name}@example.org`);
	await signIn(page, `codes-${test.info().project.name}@example.org`, password);
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
	const email = `devices-${test.info().project.name}@example.org`;
	await register(page, email);
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
