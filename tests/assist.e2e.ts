// A link worker helps a resident with no phone or email: nothing of hers is reachable before
// her consent is recorded; with it, the link worker books for her under a banner; after the
// session ends, nothing is reachable again, and the summary lists what was done.
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test } from './fixtures';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('a link worker finds Maureen, records consent, books for her, and ends the session', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	const last = testInfo.project.name === 'js';
	await signIn(page, 'linkworker@example.org');
	// Before consent, no resident's pages: the link worker has none of their own.
	expect((await page.goto('/appointments/book'))?.status()).toBe(404);
	await expectAccessible(page);

	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.home.assistLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.assist.searchTitle);
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill('Maureen');
	await page.getByLabel(en.assist.familyName).fill('Kelly');
	await page.getByLabel(en.assist.dateOfBirth).fill('1939-11-30');
	await page.getByLabel(en.assist.postcode).fill('E20 9ZZ');
	await submit(page, en.assist.searchSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(en.assist.errors.notFound);
	await expect(page.locator('main')).not.toContainText('Maureen Kelly');
	await page.getByLabel(en.assist.postcode).fill('e20 2ws');
	await submit(page, en.assist.searchSubmit);

	const consentTitle = en.assist.consentTitle.replace('{{name}}', 'Maureen Kelly');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(consentTitle);
	await submit(page, en.assist.startSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(en.assist.errors.consentMethod);
	await page.getByLabel(en.assist.methods.in_person_verbal).check();
	await page.getByLabel(en.assist.consentPlace).fill('Eastmere Community Hub');
	await submit(page, en.assist.startSubmit);

	const banner = page.getByRole('region', { name: en.assist.regionLabel });
	await expect(banner).toContainText('Helping Maureen Kelly – ends at');
	await expect(page).toHaveTitle(/ – for Maureen Kelly – Joined Up$/);
	await expect(page.locator('main')).toContainText('GP appointment');
	await page.getByRole('button', { name: en.booking.bookLink }).click();
	await expectAccessible(page);
	await page.getByLabel('Practice nurse').check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.appointments.modes.phone).check();
	await submit(page, en.booking.continue);
	await page.goto('/appointments/book/day?week=2');
	await expectAccessible(page);
	const days = page.locator('input[name=day]');
	await (last ? days.last() : days.first()).check();
	await submit(page, en.booking.continue);
	const slots = page.locator('input[name=slot]');
	await (last ? slots.last() : slots.first()).check();
	await submit(page, en.booking.continue);
	await submit(page, en.booking.continue);
	await submit(page, en.booking.submit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	const reference = (await page.locator('.nhsuk-panel__body bdi').innerText()).trim();
	const appointment = new URL(page.url()).pathname.replace('/confirmation', '');

	await banner.getByRole('button', { name: en.assist.end }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.assist.summaryTitle.replace('{{name}}', 'Maureen Kelly')
	);
	await expect(page.locator('main')).toContainText(
		en.activity.actions['appointment.booked'].replace('{{reference}}', reference)
	);
	await expect(page.getByRole('region', { name: en.assist.regionLabel })).toHaveCount(0);
	await expectAccessible(page);

	// The session is over: Maureen's appointment is not found, whatever is typed.
	expect((await page.goto(appointment))?.status()).toBe(404);
	await expect(page.locator('main')).not.toContainText('Maureen');
	await expectAccessible(page);
	// Nor is another link worker's summary, nor a session that does not exist.
	expect((await page.goto('/assist/summary/999999'))?.status()).toBe(404);
	await expectAccessible(page);
});

test('assisting is for link workers only', async ({ page }) => {
	await signIn(page, 'patient@example.org');
	expect((await page.goto('/assist'))?.status()).toBe(403);
	await expectAccessible(page);
	expect((await page.goto('/assist/consent'))?.status()).toBe(403);
	await expectAccessible(page);
});
