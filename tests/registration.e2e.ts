// Creating an account with JavaScript off: the address is confirmed with a code before anything
// is said about it, so an address that is already an account's gets the very same pages (and
// its holder a message instead of a code); wrong, expired and reused codes are refused.
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, latestCodeTo, test, useLanguage } from './fixtures';
import { e2eDatabase } from './playwright.config';
import { anAccountLike } from './factories';

const password = 'amber tractor lullaby';

function query<T>(sql: string, ...values: unknown[]): T[] {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		return db.prepare(sql).all(...values) as T[];
	} finally {
		db.close();
	}
}

function run(sql: string, ...values: unknown[]): void {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		db.prepare(sql).run(...values);
	} finally {
		db.close();
	}
}

const unique = (name: string) =>
	`${name}-${test.info().project.name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.org`;

async function askToRegister(page: Page, identifier: string) {
	await page.goto('/register');
	await expectAccessible(page);
	await page.getByLabel(en.register.identifierLabel).fill(identifier);
	await page.getByLabel(en.register.passwordLabel).fill(password);
	await page.getByRole('button', { name: en.register.submit }).click();
	await page.waitForURL('/register/code');
	await expectAccessible(page);
}

async function enterCode(page: Page, code: string) {
	await page.getByLabel(en.register.code.codeLabel).fill(code);
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
}

async function expectRefused(page: Page, message: string) {
	await expect(page).toHaveTitle(`Error: ${en.register.code.title} – Joined Up`);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(message);
	await expect(page.locator('#code-error')).toContainText(message);
	await expectAccessible(page);
}

/** What a page says, with the address it was asked for taken out. */
async function pageWithout(page: Page, address: string) {
	return {
		title: await page.title(),
		heading: await page.getByRole('heading', { level: 1 }).innerText(),
		body: (await page.getByRole('main').innerText()).replaceAll(address, '<address>')
	};
}

test('a new address is confirmed with the code sent to it; a wrong code is refused first', async ({
	page
}) => {
	const email = unique('register-new');
	await askToRegister(page, email);
	await expect(page.getByRole('main')).toContainText(`${en.register.code.sentByEmail} ${email}`);
	expect(query('SELECT id FROM users WHERE email = ?', email)).toHaveLength(0);

	await page.locator('main button[type=submit]').click();
	await expectRefused(page, en.register.code.errors.codeMissing);
	const code = await latestCodeTo(email);
	await enterCode(page, code === '000000' ? '000001' : '000000');
	await expectRefused(page, en.register.code.errors.codeWrong);
	await enterCode(page, code);
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.home.signedInTitleNoName);
	await expectAccessible(page);
	expect(query('SELECT role FROM users WHERE email = ?', email)).toEqual([{ role: 'patient' }]);
});

test('an address that is already an account’s gets the same pages, no code, and no change', async ({
	page
}) => {
	const taken = unique('register-taken');
	const userId = await anAccountLike('patient@example.org', taken);
	const before = query('SELECT * FROM users WHERE id = ?', userId);
	const fresh = unique('register-fresh');

	await askToRegister(page, taken);
	const takenPage = await pageWithout(page, taken);
	await askToRegister(page, fresh);
	const freshPage = await pageWithout(page, fresh);
	expect(takenPage).toEqual(freshPage);
	expect(takenPage.body).toContain(en.register.code.existing);

	// Its holder is told someone tried, and sent no code; the account is as it was.
	const sent = query<{ kind: string }>('SELECT kind FROM outbox WHERE recipient = ?', taken);
	expect(sent).toEqual([{ kind: 'account.already_registered' }]);
	expect(query('SELECT * FROM users WHERE id = ?', userId)).toEqual(before);
	expect(query('SELECT id FROM users WHERE email = ?', fresh)).toHaveLength(0);

	// Any code typed for it is just a wrong code.
	await page.goto('/register');
	await expectAccessible(page);
	await askToRegister(page, taken);
	await enterCode(page, '123456');
	await expectRefused(page, en.register.code.errors.codeWrong);
	expect(query('SELECT * FROM users WHERE id = ?', userId)).toEqual(before);
});

test('an expired code and a used one are refused', async ({ page }) => {
	const late = unique('register-late');
	await askToRegister(page, late);
	const lateCode = await latestCodeTo(late);
	run(
		'UPDATE account_confirmations SET expires_at = ? WHERE identifier = ?',
		Date.now() - 1000,
		late
	);
	await enterCode(page, lateCode);
	await expectRefused(page, en.register.code.errors.codeExpired);
	expect(query('SELECT id FROM users WHERE email = ?', late)).toHaveLength(0);

	// The right code makes the account once; the same browser's confirmation, brought back
	// after signing out, cannot make it again.
	const once = unique('register-once');
	await askToRegister(page, once);
	const kept = (await page.context().cookies()).filter((cookie) => cookie.name === 'registration');
	expect(kept).toHaveLength(1);
	const code = await latestCodeTo(once);
	await enterCode(page, code);
	await expect(page).toHaveURL('/');
	await expectAccessible(page);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
	await page.context().addCookies(kept);
	await page.goto('/register/code');
	await expectAccessible(page);
	await enterCode(page, code);
	await expectRefused(page, en.register.code.errors.codeUsed);
	expect(query('SELECT id FROM users WHERE email = ?', once)).toHaveLength(1);
});

test('the code page without a confirmation goes back to the start', async ({ page }) => {
	await page.goto('/register/code');
	await expect(page).toHaveURL('/register');
	await expectAccessible(page);
});

test('registering in Arabic: the code page and the message are in Arabic', async ({ page }) => {
	await useLanguage(page, 'ar');
	const email = unique('register-ar');
	await page.goto('/register');
	await expectAccessible(page);
	await page.getByLabel(ar.register.identifierLabel).fill(email);
	await page.getByLabel(ar.register.passwordLabel).fill(password);
	await page.getByRole('button', { name: ar.register.submit }).click();
	await page.waitForURL('/register/code');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.register.code.title);
	await expectAccessible(page);
	expect(
		query<{ language: string }>('SELECT language FROM outbox WHERE recipient = ?', email)
	).toEqual([{ language: 'ar' }]);
	await page.getByLabel(ar.register.code.codeLabel).fill('12');
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.register.code.errors.codeInvalid
	);
	await expectAccessible(page);
	await page.getByLabel(ar.register.code.codeLabel).fill(await latestCodeTo(email));
	await page.locator('main button[type=submit]').click();
	await page.waitForURL('/');
	await expectAccessible(page);
});
