// Passwords from the person's side, with JavaScript off: a forgotten password reset with a code
// sent through the outbox (six digits, ten minutes, used once, guesses held back), which signs
// out every device; a password changed in settings, which signs out every other device; "Keep me
// signed in" for 30 days, never on a shared device; and the password asked for again before
// changing who may act for someone, when it was typed over 15 minutes ago.
import type { Browser, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import {
	demoPassword,
	expect,
	expectAccessible,
	latestCodeTo,
	signIn,
	test,
	registerAccount
} from './fixtures';
import { e2eDatabase } from './playwright.config';
import { aProxyFor, aResident } from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'forms need no JavaScript');

const firstPassword = 'a quiet harbour at dawn';

/** A new account of its own, signed out again, so that nothing here touches another test. */
async function register(page: Page, email: string): Promise<void> {
	await registerAccount(page, email, firstPassword);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
}

async function submit(page: Page): Promise<void> {
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

async function expectError(page: Page, message: string): Promise<void> {
	await expect(page.locator('.nhsuk-error-summary')).toContainText(message);
	await expect(page).toHaveTitle(/^Error: /);
}

/** The run's database, as the server writes it (read, and once written to, by tests only here). */
function database(): Database.Database {
	return new Database(e2eDatabase, { fileMustExist: true });
}

/** Messages sent to an address, oldest first, as the outbox holds them. */
function messagesTo(address: string): { kind: string; body: string }[] {
	const db = database();
	try {
		return db
			.prepare('SELECT kind, body FROM outbox WHERE recipient = ? ORDER BY id')
			.all(address) as { kind: string; body: string }[];
	} finally {
		db.close();
	}
}

async function signedInElsewhere(browser: Browser, email: string, password: string) {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const other = await context.newPage();
	await other.goto('/sign-in');
	await other.locator('#identifier').fill(email);
	await other.locator('#password').fill(password);
	await other.locator('main button[type=submit]').click();
	await other.waitForURL('/');
	return { context, other };
}

test('a forgotten password is reset with a code sent by email, once, and every device signs out', async ({
	page,
	browser
}) => {
	const email = `reset-${Date.now()}@example.org`;
	await register(page, email);
	const elsewhere = await signedInElsewhere(browser, email, firstPassword);

	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.signIn.forgotPassword }).click();
	await expect(page).toHaveURL('/sign-in/reset');
	await expectAccessible(page);
	await submit(page);
	await expectError(page, en.reset.errors.identifierMissing);
	await page.getByLabel(en.reset.identifierLabel).fill('not an address');
	await submit(page);
	await expectError(page, en.reset.errors.identifierInvalid);
	await page.getByLabel(en.reset.identifierLabel).fill(email.toUpperCase());
	await submit(page);
	await expect(page).toHaveURL('/sign-in/reset/code');
	await expect(page.getByRole('main')).toContainText(email);

	const code = await latestCodeTo(email, 'account.reset_code');
	// Once sent, the message kept in the outbox no longer holds the code.
	await expect.poll(() => messagesTo(email).at(-1)!.body, { timeout: 20_000 }).not.toContain(code);
	const wrong = code === '000000' ? '000001' : '000000';
	await submit(page);
	await expectError(page, en.reset.errors.codeMissing);
	await page.getByLabel(en.reset.codeLabel).fill('12345');
	await submit(page);
	await expectError(page, en.reset.errors.codeInvalid);
	await page.getByLabel(en.reset.codeLabel).fill(wrong);
	await submit(page);
	await expectError(page, en.reset.errors.codeWrong);
	// Typed as people copy it, with a space in the middle.
	await page.getByLabel(en.reset.codeLabel).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
	await submit(page);
	await expect(page).toHaveURL('/sign-in/reset/password');
	await expectAccessible(page);
	// The code works once: typed again, even in the same browser, it opens nothing.
	await page.goto('/sign-in/reset/code');
	await expectAccessible(page);
	await page.getByLabel(en.reset.codeLabel).fill(code);
	await submit(page);
	await expectError(page, en.reset.errors.codeWrong);
	// This browser's new-password page is still open, for ten minutes.
	await page.goto('/sign-in/reset/password');
	await expectAccessible(page);

	await page.getByLabel(en.reset.passwordLabel).fill('short');
	await submit(page);
	await expectError(page, en.register.errors.passwordTooShort);
	const newPassword = 'lanterns over the marsh';
	await page.getByLabel(en.reset.passwordLabel).fill(newPassword);
	await submit(page);
	await expect(page).toHaveURL('/sign-in?done=passwordReset');
	await expect(page.getByRole('status')).toHaveText(en.signIn.passwordReset);

	// The device that was signed in is signed out; the old password no longer works.
	await elsewhere.other.goto('/settings');
	await expect(elsewhere.other).toHaveURL(/\/sign-in\?returnTo=/);
	await elsewhere.context.close();
	await page.locator('#identifier').fill(email);
	await page.locator('#password').fill(firstPassword);
	await submit(page);
	await expectError(page, en.signIn.errors.credentials);
	await signIn(page, email, newPassword);
	await expect(page).toHaveURL('/');
	await page.goto('/activity');
	await expectAccessible(page);
	// The person is told, at their address, that their password changed.
	expect(messagesTo(email).map((message) => message.kind)).toEqual([
		// The code that confirmed the address when the account was made.
		'account.confirm_code',
		'account.reset_code',
		'account.password_changed'
	]);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);

	await page.goto('/sign-in/reset');
	await expectAccessible(page);
	await page.getByLabel(en.reset.identifierLabel).fill('nobody-here@example.org');
	await submit(page);
	await expect(page).toHaveURL('/sign-in/reset/code');
	// An address with no account is answered the same way, and sent nothing.
	expect(messagesTo('nobody-here@example.org')).toEqual([]);
	// The code is no longer in the message kept in the outbox.
	expect(messagesTo(email)[0]!.body).not.toContain(code);
	// The new-password page is closed to a browser that has not just typed a right code.
	await page.goto('/sign-in/reset/password');
	await expect(page).toHaveURL('/sign-in/reset');
	await expectAccessible(page);
});

test('five wrong codes hold the account’s reset back, with a message saying for how long', async ({
	page
}) => {
	const email = `reset-guess-${Date.now()}@example.org`;
	await register(page, email);
	await page.goto('/sign-in/reset');
	await expectAccessible(page);
	await page.getByLabel(en.reset.identifierLabel).fill(email);
	await submit(page);
	const code = await latestCodeTo(email, 'account.reset_code');
	for (let guess = 1; guess <= 5; guess++) {
		await page
			.getByLabel(en.reset.codeLabel)
			.fill(String((Number(code) + guess) % 1e6).padStart(6, '0'));
		await submit(page);
		await expectError(page, en.reset.errors.codeWrong);
	}
	// Five tries, counted as they are made: a sixth is held back, even with the right code.
	await page.getByLabel(en.reset.codeLabel).fill(code);
	await submit(page);
	await expectError(page, en.reset.errors.tooManyTries);
	await expect(page).toHaveURL('/sign-in/reset/code');

	await signIn(page, 'admin@example.org');
	await page.goto('/staff/security');
	await expectAccessible(page);
	const log = page.locator('table');
	await expect(log).toContainText(staffEn.security.kinds.reset_code_failed);
	await expect(log).toContainText(staffEn.security.reasons.reset_code);
	await expect(log).not.toContainText(code);
});

test('a password changed in settings signs out every other device, and this one carries on', async ({
	page,
	browser
}) => {
	const email = `change-${Date.now()}@example.org`;
	await register(page, email);
	const elsewhere = await signedInElsewhere(browser, email, firstPassword);
	await signIn(page, email, firstPassword);

	await page.goto('/settings');
	await expectAccessible(page);
	await page
		.getByRole('link', { name: `${en.common.change} ${en.settings.changePassword}` })
		.click();
	await expect(page).toHaveURL('/settings/password');
	await expectAccessible(page);
	await submit(page);
	await expectError(page, en.changePassword.errors.currentMissing);
	await page.getByLabel(en.changePassword.currentLabel).fill('not my password');
	await page.getByLabel(en.changePassword.newLabel).fill('copper kettles singing');
	await submit(page);
	await expectError(page, en.changePassword.errors.currentWrong);
	await page.getByLabel(en.changePassword.currentLabel).fill(firstPassword);
	await page.getByLabel(en.changePassword.newLabel).fill('copper kettles singing');
	await submit(page);
	await expect(page).toHaveURL('/settings?done=passwordChanged');
	await expect(page.getByRole('status')).toHaveText(en.settings.notices.passwordChanged);

	await elsewhere.other.goto('/settings');
	await expect(elsewhere.other).toHaveURL(/\/sign-in\?returnTo=/);
	await elsewhere.context.close();
	await page.goto('/settings/devices');
	await expectAccessible(page);
	await expect(page.locator('main h2')).toHaveCount(1);
});

test('kept signed in for 30 days, never on a shared device', async ({ page }) => {
	const email = `keep-${Date.now()}@example.org`;
	await register(page, email);
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.locator('#identifier').fill(email);
	await page.locator('#password').fill(firstPassword);
	await page.getByLabel(en.signIn.sharedDevice).check();
	await page.getByLabel(en.signIn.keepSignedIn).check();
	await submit(page);
	await expectError(page, en.signIn.errors.keepOnSharedDevice);
	await expect(page.getByLabel(en.signIn.keepSignedIn)).toBeChecked();

	await page.locator('#password').fill(firstPassword);
	await page.getByLabel(en.signIn.sharedDevice).uncheck();
	await submit(page);
	await expect(page).toHaveURL('/');
	const [session] = (await page.context().cookies()).filter((cookie) => cookie.name === 'session');
	const days = (session!.expires * 1000 - Date.now()) / (24 * 60 * 60 * 1000);
	expect(days).toBeGreaterThan(29.9);
	expect(days).toBeLessThanOrEqual(30);
	await page.goto('/settings/devices');
	await expectAccessible(page);
	await expect(page.getByRole('main')).toContainText(en.devices.keptSignedIn.split('{{')[0]!);
});

test('the password is asked for again before changing who acts for you, after 15 minutes', async ({
	page
}) => {
	// A resident of this test's own, with someone acting for her: a wrong password counts against
	// the account, and what she may be asked to confirm is hers alone.
	const resident = await aResident();
	const { relationshipId: relationship } = await aProxyFor(resident, ['appointments.view']);
	await signIn(page, resident.email);
	await page.goto('/people/invite');
	await expectAccessible(page);
	await expect(page).toHaveURL('/people/invite');

	// This session's password was typed 20 minutes ago (only this session's row is changed).
	const [cookie] = (await page.context().cookies()).filter((entry) => entry.name === 'session');
	const sessionId = cookie!.value.split('.')[0];
	const db = database();
	db.prepare('UPDATE sessions SET password_given_at = ? WHERE id = ?').run(
		Date.now() - 20 * 60 * 1000,
		sessionId
	);
	db.close();

	await page.goto('/people');
	await expectAccessible(page);
	// A form sent to change what a carer may do goes to the password first, and changes nothing.
	const refused = await page.request.post(`/people/${relationship}?/save`, {
		form: {},
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(refused.status()).toBe(303);
	expect(refused.headers()['location']).toBe(
		`/settings/confirm-password?returnTo=%2Fpeople%2F${relationship}&cancel=%2Fpeople`
	);
	await page.goto('/people/invite');
	await expect(page).toHaveURL(/\/settings\/confirm-password\?returnTo=%2Fpeople%2Finvite/);
	await expectAccessible(page);
	await expect(page.getByRole('link', { name: en.common.back })).toHaveAttribute('href', '/people');
	await submit(page);
	await expectError(page, en.signIn.errors.passwordMissing);
	await page.getByLabel(en.signIn.passwordLabel).fill('not the password');
	await submit(page);
	await expectError(page, en.confirmPassword.errors.wrong);
	await page.getByLabel(en.signIn.passwordLabel).fill(demoPassword);
	await submit(page);
	await expect(page).toHaveURL('/people/invite');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
