// Every language, complete. For each language besides English, with JavaScript off: a resident
// chooses it, signs in and finds it kept, and each main page is in that language alone: no
// English sentence outside text marked as English (names not yet translated, what people wrote),
// axe clean, and nothing scrolls sideways on a phone 320 pixels wide.
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { languages, type Language } from '../src/lib/i18n/languages';
import { evaluateAsServed, expect, expectAccessible, signIn, test } from './fixtures';

type Tree = { [key: string]: string | Tree };
const texts = (tree: Tree): string[] =>
	Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : texts(value)));

/** Every English sentence of three words or more, cut where a variable goes in. */
const englishSentences = [
	...new Set(
		texts(en)
			.flatMap((text) => text.split(/{{[^}]*}}/))
			.map((part) => part.trim().replace(/\s+/g, ' '))
			.filter((part) => part.split(' ').filter((word) => /\p{L}/u.test(word)).length >= 3)
	)
];

type Reading = { english: string[]; overflow: number };

/**
 * What a reader of the page's language meets: the title, the text and the accessible names, less
 * anything marked as another language. Reports the English sentences found in it, and how far the
 * page is wider than the screen.
 */
function read(sentences: string[]): Reading {
	const lang = document.documentElement.lang;
	const body = document.body.cloneNode(true) as HTMLElement;
	for (const element of body.querySelectorAll('script, style, template')) element.remove();
	for (const element of body.querySelectorAll('[lang]')) {
		if (element.getAttribute('lang') !== lang) element.remove();
	}
	const names = [...body.querySelectorAll('[aria-label], [alt], [title], [placeholder]')].flatMap(
		(element) =>
			['aria-label', 'alt', 'title', 'placeholder'].map((name) => element.getAttribute(name) ?? '')
	);
	const seen = [document.title, body.textContent ?? '', ...names].join('\n').replace(/\s+/g, ' ');
	const root = document.documentElement;
	return {
		english: sentences.filter((sentence) => seen.includes(sentence)),
		overflow: root.scrollWidth - root.clientWidth
	};
}

async function expectOnlyIn(page: Page, language: Language) {
	await expect(page.locator('html')).toHaveAttribute('lang', language.code);
	await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
	await expectAccessible(page);
	const reading = await evaluateAsServed(page, read, englishSentences);
	expect(reading.english, `English on ${page.url()}`).toEqual([]);
	expect(reading.overflow, `sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(0);
}

test.use({ viewport: { width: 320, height: 640 } });

for (const language of languages.filter((l) => l.code !== 'en')) {
	test(`${language.code}: chosen without JavaScript, kept at sign-in, no English on any main page`, async ({
		page
	}, testInfo) => {
		test.skip(testInfo.project.name === 'js', 'one run, with JavaScript off, is enough');
		test.setTimeout(180_000);

		await page.goto('/language');
		await expectAccessible(page);
		await page.getByLabel(language.name, { exact: true }).check();
		await page.locator('main button[type=submit]').click();
		await page.waitForURL((url) => url.pathname !== '/language');
		await expectOnlyIn(page, language);

		for (const path of ['/language', '/register', '/sign-in']) {
			await page.goto(path);
			await expectOnlyIn(page, language);
		}
		// An error state: the sign-in form sent empty.
		await page.locator('main button[type=submit]').click();
		await expect(page.locator('.nhsuk-error-summary')).toBeVisible();
		await expectOnlyIn(page, language);

		await signIn(page, 'patient@example.org');
		await expectOnlyIn(page, language);

		for (const path of [
			'/appointments',
			'/appointments/book',
			'/contact',
			'/requests',
			'/people',
			'/activity',
			'/settings',
			'/settings/download',
			'/care-plans'
		]) {
			await page.goto(path);
			await expectOnlyIn(page, language);
		}
		await page.locator('main a[href^="/care-plans/"]').first().click();
		await expect(page).toHaveURL(/\/care-plans\/\d+$/);
		await expectOnlyIn(page, language);
	});
}
