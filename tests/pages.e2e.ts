// Every page, signed out and signed in, in English and in Arabic (right to left), passes axe in
// its normal and error states, with the right language and direction on <html>.
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';

const catalogues = { en, ar } as const;
const publicPages = [
	{ path: '/', heading: (c: typeof en) => c.home.title },
	{ path: '/sign-in', heading: (c: typeof en) => c.signIn.title },
	{ path: '/register', heading: (c: typeof en) => c.register.title },
	{ path: '/sign-in/reset', heading: (c: typeof en) => c.reset.title },
	{ path: '/language', heading: (c: typeof en) => c.language.title },
	{ path: '/help', heading: (c: typeof en) => c.help.title },
	{ path: '/accessibility', heading: (c: typeof en) => c.accessibility.title },
	{ path: '/privacy', heading: (c: typeof en) => c.privacy.title },
	{ path: '/about', heading: (c: typeof en) => c.about.title },
	{ path: '/no-such-page', heading: (c: typeof en) => c.error.notFoundTitle }
];

// Run with JavaScript off and on: with it on, the page script runs and the hidden update banner
// is in the page, and neither may change what axe finds. The service worker is blocked here (it
// is proved in offline.e2e.ts): requests it made would pass by the routes these tests set.
test.use({ serviceWorkers: 'block' });

for (const lang of ['en', 'ar'] as const) {
	const t = catalogues[lang];
	const dir = lang === 'ar' ? 'rtl' : 'ltr';

	test.describe(`in ${lang}`, () => {
		test.beforeEach(async ({ page }) => useLanguage(page, lang));

		for (const { path, heading } of publicPages) {
			test(`${path} is accessible and titled`, async ({ page }) => {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('lang', lang);
				await expect(page.locator('html')).toHaveAttribute('dir', dir);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading(t));
				await expect(page).toHaveTitle(`${heading(t)} – Joined Up`);
				await expect(page.locator('a.nhsuk-skip-link')).toHaveText(t.common.skipLink);
				await expectAccessible(page);
			});
		}

		test('error states of sign-in, register, reset and language are accessible', async ({
			page
		}) => {
			for (const path of ['/sign-in', '/register', '/sign-in/reset']) {
				await page.goto(path);
				await expectAccessible(page);
				await page.locator('main button[type=submit]').click();
				await expect(page.locator('.nhsuk-error-summary')).toContainText(
					t.common.errorSummaryTitle
				);
				await expect(page).toHaveTitle(new RegExp(`^${t.common.errorTitle.split('{{')[0]}`));
				await expectAccessible(page);
			}

			// The current language is chosen already; a form sent without a choice is refused.
			await page.goto('/language');
			await expectAccessible(page);
			await page.route('**/language', (route) =>
				route.request().method() === 'POST'
					? route.continue({ postData: 'returnTo=%2F' })
					: route.continue()
			);
			await page.locator('main button[type=submit]').click();
			await expect(page.locator('.nhsuk-error-summary')).toContainText(t.language.errors.missing);
			await expect(page.locator('#language-error')).toContainText(t.language.errors.missing);
			await expectAccessible(page);
		});

		test('signed-in home and settings are accessible', async ({ page }) => {
			await signIn(page, 'patient@example.org');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				t.home.signedInTitle.replace('{{name}}', 'Grace')
			);
			await expect(page.getByText(t.home.ownCare)).toBeVisible();
			await page.goto('/settings');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.settings.title);
			await expect(page.locator('dd[lang]')).toHaveAttribute('lang', lang);
			await expectAccessible(page);
		});

		test('the pages about who acts for whom, and the activity log, with their errors', async ({
			page
		}) => {
			await signIn(page, 'patient@example.org');
			for (const [path, title] of [
				['/people', t.people.title],
				['/activity', t.activity.title],
				['/act-for', t.actFor.title]
			] as const) {
				await page.goto(path);
				await expect(page.locator('html')).toHaveAttribute('dir', dir);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
				await expectAccessible(page);
			}
			await page.goto('/people/invite');
			await expectAccessible(page);
			await page.locator('main button[type=submit]').click();
			await expect(page.locator('.nhsuk-error-summary')).toContainText(
				t.people.errors.identifierMissing
			);
			await expectAccessible(page);
			await page.goto('/people/accept');
			await expectAccessible(page);
			await page.locator('main button[type=submit]').click();
			await expect(page.locator('.nhsuk-error-summary')).toContainText(t.people.errors.codeMissing);
			await expectAccessible(page);
		});

		// Hazard H-010: an urgent need typed into a request (111 and 999).
		test('care plans, a plan, and asking a question with its error', async ({ page }) => {
			await signIn(page, 'patient@example.org');
			await page.goto('/care-plans');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.carePlans.title);
			await expectAccessible(page);
			await page.getByRole('link', { name: 'Going home from hospital after your fall' }).click();
			await expect(page.locator('html')).toHaveAttribute('dir', dir);
			// Staff words keep their own language, so screen readers say them right.
			await expect(page.locator('h1')).toHaveAttribute('lang', 'en');
			await expect(page.locator('main')).toContainText(t.carePlans.call999);
			await expect(page.locator('main')).toContainText(
				t.carePlans.call111.replace('{{website}}', '111.nhs.uk')
			);
			await expectAccessible(page);
			await page.getByRole('link', { name: t.carePlans.whatMattersEdit }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				t.carePlans.whatMattersTitle
			);
			await expectAccessible(page);
			await page.goBack();
			await expectAccessible(page);
			await page.getByRole('link', { name: t.carePlans.askLink }).click();
			await expectAccessible(page);
			await page.locator('main button[type=submit]').click();
			await expect(page.locator('.nhsuk-error-summary')).toContainText(
				t.carePlans.errors.questionMissing
			);
			await expectAccessible(page);
		});

		test('communication needs, with their error', async ({ page }) => {
			await signIn(page, 'patient@example.org');
			await page.goto('/settings');
			await expectAccessible(page);
			await page
				.getByRole('link', { name: `${t.common.change} ${t.settings.changeNeeds}` })
				.click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.communicationNeeds.title);
			// Each language is named in its own script, marked with its own language.
			await expect(page.locator('option[lang="so"]')).toHaveText('Soomaali');
			await expectAccessible(page);
			await page.getByLabel(t.communicationNeeds.otherLabel).fill('x'.repeat(501));
			await page.locator('main button[type=submit]').click();
			await expect(page.locator('.nhsuk-error-summary')).toContainText(
				t.communicationNeeds.errors.otherTooLong
			);
			// What was typed is kept, to shorten rather than retype.
			await expect(page.getByLabel(t.communicationNeeds.otherLabel)).toHaveValue('x'.repeat(501));
			await expectAccessible(page);
		});

		test('staff see their role on the home page', async ({ page }) => {
			await signIn(page, 'staff@example.org');
			await expect(
				page.getByText(t.home.staffRole.replace('{{identifier}}', 'staff@example.org'))
			).toBeVisible();
		});
	});
}

// Hazard H-010: an urgent need typed into a request (111 and 999).
// Hazard H-013: an outage with no other way to reach a service.
test('the safety information sits beside the privacy notice and the accessibility statement', async ({
	page
}) => {
	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('contentinfo').getByRole('link', { name: en.footer.about }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.about.title);
	await expectAccessible(page);
	const main = page.locator('main');
	// The three side by side, each reached from the page's contents.
	for (const [id, heading] of [
		['safety', en.about.safetyHeading],
		['report', en.about.reportHeading],
		['privacy', en.privacy.title],
		['accessibility', en.accessibility.title]
	] as const) {
		await expect(main.getByRole('link', { name: heading })).toHaveAttribute('href', `#${id}`);
		await expect(main.locator(`h2#${id}`)).toHaveText(heading);
	}
	await expect(main).toContainText(en.privacy.rightsBody);
	await expect(main).toContainText(
		en.accessibility.problemsBody.replace('{{phone}}', '020 7946 0100')
	);
	// What Joined Up is not for: emergencies, anything urgent, medical advice.
	await expect(main.locator('.nhsuk-inset-text')).toHaveText(en.common.urgentHelp);
	for (const text of [
		en.about.notEmergencies,
		en.about.notUrgent.replace('{{website}}', '111.nhs.uk'),
		en.about.notAdvice
	]) {
		await expect(main.getByRole('listitem').filter({ hasText: text })).toHaveCount(1);
	}
	await expect(main).toContainText(en.about.workingHours);
	// How to report a problem, and how to reach a service without Joined Up.
	await expect(main).toContainText(en.about.reportHow.replace('{{phone}}', '020 7946 0100'));
	await expect(main).toContainText(en.about.reportNext);
	await main.getByRole('link', { name: en.about.helpLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.help.title);
	await expect(page.locator('main a[href^="tel:"]').first()).toBeVisible();
	await expectAccessible(page);
});

test('languages in the chooser are named in their own script and marked with their language', async ({
	page
}) => {
	await page.goto('/language');
	await expectAccessible(page);
	for (const [code, name] of [
		['en', 'English'],
		['ar', 'العربية'],
		['bn', 'বাংলা'],
		['pl', 'Polski']
	]) {
		await expect(page.locator(`label[lang="${code}"]`)).toHaveText(name!);
	}
});

test.describe('a browser asking for Polish', () => {
	test.use({ locale: 'pl-PL' });

	test('gets Polish until the person chooses', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
		await expectAccessible(page);
	});
});

test('the accessibility check itself fails on a page with a real violation', async ({ page }) => {
	await page.goto('/help');
	await expectAccessible(page);
	// An input without a label, injected as a later mistake in a template would add it.
	await page.route('**/help', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: '<!doctype html><html lang="en"><title>t</title><main><input name="x"></main></html>'
		})
	);
	await page.goto('/help');
	await expect(expectAccessible(page)).rejects.toThrow(/label/);
	// The broken page was checked (and failed, as it should); let the harness know.
	await page.unroute('**/help');
	await page.goto('/help');
	await expectAccessible(page);
});

test('the page check itself fails on an element marked hidden yet shown, and on unfilled text', async ({
	page
}) => {
	await page.goto('/help');
	await expectAccessible(page);
	// A stylesheet that sets `display` beats the browser's rule for `hidden`, and a template that
	// left its placeholders: both as a later mistake would bring them.
	await page.route('**/help', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: '<!doctype html><html lang="en"><title>Help</title><style>.box { display: block }</style><main><h1>Help</h1><p class="box" hidden>Saved on %DATE%.</p><p>Hello, {{name}}</p><p>Due in NaN days at undefined: [object Object]</p></main></html>'
		})
	);
	await page.goto('/help');
	const failure = expectAccessible(page);
	// The element (its markup quoted, escaped), and each kind of placeholder shown.
	await expect(failure).rejects.toThrow(/"<p class=\\"box\\" hidden=/);
	for (const placeholder of [
		/%DATE%/,
		/{{/,
		/}}/,
		/\bNaN\b/,
		/\bundefined\b/,
		/\[object Object\]/
	]) {
		await expect(failure).rejects.toThrow(placeholder);
	}
	await page.unroute('**/help');
	await page.goto('/help');
	await expectAccessible(page);
});
