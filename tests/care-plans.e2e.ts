// Care plans with JavaScript off: Grace reads her plans and adds to one; staff answer her and
// change a goal, and she sees it; and a plan prints to A4 without navigation. (Daniel, allowed
// general plans only, is checked in people.e2e.ts, before Grace stops him acting for her.)
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staff from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test } from './fixtures';

const diabetes = 'Living well with type 2 diabetes';
const discharge = 'Going home from hospital after your fall';
const wellbeing = 'Feeling better in yourself';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

async function openPlan(page: Page, title: string) {
	await page.goto('/care-plans');
	await expectAccessible(page);
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expectAccessible(page);
}

// Hazard H-011: an out-of-date care plan.
test('Grace asks about her plan, staff answer and change a goal, and she sees both', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the journey is proved with JavaScript off');
	test.setTimeout(180_000);
	await signIn(page, 'patient@example.org');
	await page.goto('/care-plans');
	await expectAccessible(page);
	for (const title of [diabetes, discharge, wellbeing]) {
		await expect(page.getByRole('link', { name: title })).toBeVisible();
	}

	// The hospital handed her wound care to community nursing; the plan says so.
	await openPlan(page, discharge);
	await expect(page.locator('main')).toContainText(
		/Handed over from Ward 7 \(elderly care\), Eastmere and Westbrook Hospitals NHS Trust to Community nursing, Riverside Community Health/
	);

	await openPlan(page, diabetes);
	const main = page.locator('main');
	// In short comes first, then what matters to her, in her words.
	await expect(main.locator('h2').first()).toHaveText(en.carePlans.inShort);
	await expect(main).toContainText('grandchildren on Saturdays');
	await expect(main).toContainText(en.carePlans.call111);
	await page.getByRole('link', { name: en.carePlans.whatMattersEdit }).click();
	await expectAccessible(page);
	await page
		.getByLabel(en.carePlans.whatMattersLabel)
		.fill('Dancing at my granddaughter’s wedding in June.');
	await submit(page, en.carePlans.save);
	await expect(main).toContainText(en.carePlans.notices.whatMattersSaved);
	await expect(main).toContainText('Dancing at my granddaughter’s wedding in June.');

	await page.getByRole('link', { name: en.carePlans.askLink }).click();
	await expectAccessible(page);
	await page.getByLabel(en.carePlans.askLabel).fill('Can the foot checks be on a Monday?');
	await submit(page, en.carePlans.askSubmit);
	await expect(main).toContainText(en.carePlans.notices.questionSent);
	await expect(main).toContainText(en.carePlans.waitingForAnswer);

	// Staff at her practice find the question waiting, answer it, and mark a goal achieved.
	await page.context().clearCookies();
	await signIn(page, 'staff@example.org');
	await page.goto('/staff/care-plans');
	await expectAccessible(page);
	await expect(main).toContainText('Can the foot checks be on a Monday?');
	// With the needs she recorded, flagged for whoever answers.
	await expect(main.locator('tr', { hasText: 'Can the foot checks' })).toContainText(
		en.communicationNeeds.kinds.large_print
	);
	// Starting a plan with nothing filled in names every missing answer.
	await page.getByLabel(en.assist.givenName).fill('Grace');
	await page.getByLabel(en.assist.familyName).fill('Ofori');
	await fillDate(page, en.assist.dateOfBirth, '1948-03-14');
	await page.getByLabel(en.assist.postcode).fill('E20 1QP');
	await submit(page, en.assist.searchSubmit);
	await page.getByRole('link', { name: staff.carePlans.newLink }).click();
	await expectAccessible(page);
	await submit(page, staff.carePlans.create);
	for (const message of [
		staff.carePlans.errors.title,
		staff.carePlans.errors.kind,
		staff.carePlans.errors.summary,
		staff.carePlans.errors.reviewOn,
		staff.carePlans.errors.careTeam
	]) {
		await expect(page.locator('.nhsuk-error-summary')).toContainText(message);
	}
	await page.goto('/staff/care-plans');
	await expectAccessible(page);
	await page.getByRole('link', { name: diabetes }).first().click();
	await expectAccessible(page);
	await submit(page, staff.carePlans.answerSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(staff.carePlans.errors.answer);
	await page
		.getByLabel(staff.carePlans.answerLabel)
		.fill('Yes: podiatry will call you to move it to Mondays.');
	await submit(page, staff.carePlans.answerSubmit);
	await expect(main).toContainText(staff.carePlans.saved);

	await page.getByRole('button', { name: staff.carePlans.editLink }).click();
	await expectAccessible(page);
	await page.getByLabel('Goal 2: status').selectOption('achieved');
	await page.getByLabel('Goal 1', { exact: true }).fill('');
	await submit(page, staff.carePlans.save);
	await expect(main).toContainText(staff.carePlans.saved);
	// Podiatry's foot checks move to community nursing: a handover, and another version.
	const footCheck = main.locator('form', { hasText: 'Foot check and nail care' });
	await footCheck.getByRole('combobox').selectOption({
		label: 'Community nursing, Riverside Community Health'
	});
	await footCheck.getByRole('button', { name: staff.carePlans.handoverSubmit }).click();
	await expectAccessible(page);
	await expect(main).toContainText(staff.carePlans.saved);
	// Each save is kept: version 1 as it was, versions 2 and 3 after the edit and the handover.
	await expect(main.getByRole('link', { name: 'Version 3' })).toBeVisible();
	await main.getByRole('link', { name: 'Version 1' }).click();
	await expect(main).toContainText('Bring my HbA1c (long-term blood sugar) below 53');
	await expectAccessible(page);

	await page.context().clearCookies();
	await signIn(page, 'patient@example.org');
	await openPlan(page, diabetes);
	await expect(main).toContainText('Yes: podiatry will call you to move it to Mondays.');
	await expect(main).toContainText(
		/Handed over from Community podiatry, Riverside Community Health to Community nursing, Riverside Community Health/
	);
	await expect(main).not.toContainText('Bring my HbA1c');
	await expect(main.getByText('Walk for 20 minutes on most days')).toBeVisible();
	await expect(main).toContainText(en.carePlans.goalStatuses.achieved);
	await expect(main).toContainText(/Last updated on .* by staff at Eastmere Health Centre/);
	// And her log shows who did what.
	await page.goto('/activity');
	await expectAccessible(page);
	await expect(main).toContainText(en.activity.actions['care_plan.question_answered']);
	await expect(main).toContainText(en.activity.actions['care_plan.updated']);
});

test('a plan prints to A4 with no navigation, fitting the width', async ({ page }, testInfo) => {
	test.skip(testInfo.project.name === 'no-js', 'printing is the same with or without scripts');
	await signIn(page, 'patient@example.org');
	await openPlan(page, discharge);
	// A4 is 210 mm wide: 794 CSS pixels, less the printer's margins.
	await page.setViewportSize({ width: 718, height: 1000 });
	await page.emulateMedia({ media: 'print' });
	for (const hidden of ['header', 'footer', '.nhsuk-skip-link', 'main form']) {
		for (const element of await page.locator(hidden).all()) await expect(element).toBeHidden();
	}
	await expect(page.getByRole('link', { name: en.carePlans.askLink })).toBeHidden();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(718);
	const pdf = await page.pdf({
		format: 'A4',
		margin: { top: '1cm', bottom: '1cm', left: '1cm', right: '1cm' }
	});
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(5_000);
});
