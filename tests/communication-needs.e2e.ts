// Communication needs, recorded once: a resident who signs in with a mobile number, as Samir does,
// records that he needs an Arabic interpreter and a hearing loop, and his next booking starts with
// the interpreter asked for. (Who may change
// someone's needs is tested in access.spec.ts and communication-needs.spec.ts.)
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aResident } from './factories';
import { expect, expectAccessible, signIn, test } from './fixtures';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('Samir records his needs once, and booking starts from them', async ({ page }, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the journey is proved with JavaScript off');
	// A resident of this test's own: needs recorded here start no other test's booking.
	await signIn(page, (await aResident({ givenName: 'Samir', withMobile: true })).mobile!);
	await page.goto('/settings/communication-needs');
	await expectAccessible(page);
	await page.getByLabel(en.communicationNeeds.interpreterQuestion).selectOption('ar');
	await page.getByLabel(en.communicationNeeds.kinds.hearing_loop).check();
	await page.getByLabel(en.communicationNeeds.reach.sms).check();
	await submit(page, en.communicationNeeds.save);
	await expect(page.locator('main')).toContainText(en.communicationNeeds.saved);
	await expect(page.getByLabel(en.communicationNeeds.kinds.hearing_loop)).toBeChecked();

	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('Practice nurse').check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.appointments.modes.phone).check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=day]').first().check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=slot]').first().check();
	await submit(page, en.booking.continue);
	await expect(page.getByLabel(en.booking.needInterpreter, { exact: true })).toBeChecked();
	// Named as he would say it; staff see the recorded need, in English, beside it.
	await expect(page.locator('#interpreterLanguage')).toHaveValue('العربية');

	await page.goto('/activity');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(
		en.activity.actions['communication_needs.changed']
	);
});
