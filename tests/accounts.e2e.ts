// Accounts from a resident's side: register, sign out, sign in, and choose a language.
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { demoPassword, expect, expectAccessible, latestCodeTo, signIn, test } from './fixtures';
import { aResident } from './factories';

/** A mobile number from Ofcom's drama range that no other test in this run uses. */
function freshMobile(offset: number): string {
	const info = test.info();
	const projectOffset = info.project.name === 'js' ? 500 : 200;
	// Each repetition of a test (--repeat-each) a number of its own, as each retry has.
	const run = info.retry + info.repeatEachIndex * 30;
	return `07700 900${String(projectOffset + offset * 10 + run).padStart(3, '0')}`;
}

async function submit(page: import('@playwright/test').Page) {
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
}

test('register with a mobile number, sign out, sign in, switch to Arabic and back', async ({
	page
}) => {
	const mobile = freshMobile(1);
	const password = 'purple kettle harbour';

	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('main').getByRole('link', { name: en.home.registerLink }).click();
	await expectAccessible(page);

	await page.getByLabel(en.register.identifierLabel).fill(mobile);
	await page.getByLabel(en.register.passwordLabel).fill(password);
	await page.getByRole('button', { name: en.register.submit }).click();
	// The number is confirmed with the code sent to it before the account is made.
	await expect(page).toHaveURL('/register/code');
	await expect(page.getByRole('main')).toContainText(`${en.register.code.sentByText} ${mobile}`);
	await expectAccessible(page);
	await page.getByLabel(en.register.code.codeLabel).fill(await latestCodeTo(mobile));
	await submit(page);
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.home.signedInTitleNoName);
	await expect(page.getByText(`You are signed in as ${mobile}.`)).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: en.header.signOut }).click();
	await expect(page).toHaveURL('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.home.title);
	await expectAccessible(page);

	// Signing in with the number written another way finds the same account.
	await signIn(page, mobile.replace(/^0/, '+44 '), password);
	await expect(page).toHaveURL('/');
	await expect(page.getByText(`You are signed in as ${mobile}.`)).toBeVisible();

	await page.getByRole('link', { name: en.header.language, exact: true }).click();
	await expect(page).toHaveURL('/language?returnTo=%2F');
	await expectAccessible(page);
	await page.getByLabel('العربية').check();
	await page.getByRole('button', { name: en.language.submit }).click();
	await expect(page).toHaveURL('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.home.signedInTitleNoName);
	await expect(page).toHaveTitle(`${ar.home.signedInTitleNoName} – Joined Up`);
	await expectAccessible(page);

	// The account remembers the choice, on a new device too.
	await page.context().clearCookies();
	await signIn(page, mobile, password);
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');

	// The way back is labelled in English as well, for someone who cannot read Arabic.
	await page.getByRole('link', { name: /\(Language\)/ }).click();
	await expectAccessible(page);
	await page.getByLabel('English').check();
	await page.getByRole('button', { name: ar.language.submit }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
	await expectAccessible(page);
});

test('registration explains each problem and keeps what was typed', async ({ page }) => {
	await page.goto('/register');
	await expectAccessible(page);

	await submit(page);
	await expect(page).toHaveTitle(`Error: ${en.register.title} – Joined Up`);
	const summary = page.locator('.nhsuk-error-summary');
	await expect(summary).toContainText(en.register.errors.identifierMissing);
	await expect(summary).toContainText(en.register.errors.passwordMissing);
	await expect(
		summary.getByRole('link', { name: en.register.errors.identifierMissing })
	).toHaveAttribute('href', '#identifier');
	await expectAccessible(page);

	await page.locator('#identifier').fill('grace@example');
	await page.locator('#password').fill('short');
	await submit(page);
	await expect(summary).toContainText(en.register.errors.identifierInvalid);
	await expect(summary).toContainText(en.register.errors.passwordTooShort);
	await expect(page.locator('#identifier')).toHaveValue('grace@example');
	await expect(page.locator('#password')).toHaveValue('');
	await expectAccessible(page);

	await page.locator('#identifier').fill(freshMobile(2));
	await page.locator('#password').fill('password123');
	await submit(page);
	await expect(summary).toContainText(en.register.errors.passwordCommon);
	await expectAccessible(page);

	await page.locator('#identifier').fill('PATIENT@example.org');
	await page.locator('#password').fill('a long unusual phrase');
	await submit(page);
	// An address that is already an account's is not named as one: its code is asked for, as any.
	await expect(page).toHaveURL('/register/code');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.register.code.title);
	await expectAccessible(page);
});

test('sign-in gives one message for an unknown account and a wrong password', async ({ page }) => {
	await page.goto('/sign-in');
	await expectAccessible(page);
	await submit(page);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		en.signIn.errors.identifierMissing
	);
	await expectAccessible(page);

	const messages: string[] = [];
	// An account of this test's own: a wrong password counts against the account it names.
	const { email } = await aResident();
	for (const identifier of [email, 'nobody@example.org']) {
		await page.locator('#identifier').fill(identifier);
		await page.locator('#password').fill('not the password');
		await submit(page);
		await expectAccessible(page);
		messages.push(await page.locator('.nhsuk-error-summary').innerText());
	}
	expect(messages[0]).toContain(en.signIn.errors.credentials);
	expect(messages[1]).toBe(messages[0]);
});

test('the demo accounts are listed on sign-in, and one signs in with a mobile number', async ({
	page
}) => {
	await page.goto('/sign-in');
	await expect(page.getByRole('heading', { name: en.signIn.demoHeading })).toBeVisible();
	await expect(page.getByText('07700900123')).toBeVisible();
	await expectAccessible(page);
	await page.locator('#identifier').fill('07700900123');
	await page.locator('#password').fill(demoPassword);
	await submit(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Samir');
	await expectAccessible(page);
});

test('a signed-out visitor to settings signs in and comes back to it', async ({ page }) => {
	await page.goto('/settings');
	await expect(page).toHaveURL('/sign-in?returnTo=%2Fsettings');
	await expectAccessible(page);
	await page.locator('#identifier').fill('patient@example.org');
	await page.locator('#password').fill(demoPassword);
	await submit(page);
	await expect(page).toHaveURL('/settings');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.settings.title);
	await expectAccessible(page);
});

test('after sign-in, a return address on another site is ignored', async ({ page }) => {
	await page.goto('/sign-in?returnTo=https%3A%2F%2Fevil.example%2F');
	await expectAccessible(page);
	await page.locator('#identifier').fill('patient@example.org');
	await page.locator('#password').fill(demoPassword);
	await submit(page);
	await expect(page).toHaveURL('/');
	await expectAccessible(page);
});

test('the session cookie is HttpOnly and SameSite=Lax, and sign-out ends the session', async ({
	page
}) => {
	await signIn(page, 'patient@example.org');
	const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'session');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

	// Replaying the old token after signing out gets nothing.
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);
	await page.context().addCookies([cookie!]);
	await page.goto('/settings');
	await expect(page).toHaveURL('/sign-in?returnTo=%2Fsettings');
	await expectAccessible(page);
});

test('on a shared device the session cookie lasts only while the browser is open, and signing out clears the site', async ({
	page
}) => {
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.locator('#identifier').fill('07700900123');
	await page.locator('#password').fill(demoPassword);
	await page.getByLabel(en.signIn.sharedDevice).check();
	await page.locator('main button[type=submit]').click();
	await page.waitForURL('/');
	await expectAccessible(page);
	const session = (await page.context().cookies()).find((cookie) => cookie.name === 'session');
	// -1: a cookie with no expiry, gone when the browser closes.
	expect(session?.expires).toBe(-1);

	// Chromium acts on Clear-Site-Data and hides it from the page's responses, so the form's
	// request is sent again from outside the page to read the answer.
	const signOut = await page.request.post('/sign-out', {
		headers: { origin: new URL(page.url()).origin },
		maxRedirects: 0
	});
	expect(signOut.status()).toBe(303);
	expect(signOut.headers()['clear-site-data']).toBe('"cache", "cookies", "storage"');
	await page.goto('/settings');
	await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
	await expectAccessible(page);
});
