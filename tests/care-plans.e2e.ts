// Care plans with JavaScript off: Grace reads her plans and adds to one; staff answer her and
// change a goal, and she sees it; a plan written in English, read in Arabic by the patient and by
// someone acting for her, says so and keeps its words left to right; and a plan prints to A4
// without navigation. (Daniel, allowed general plans only, is checked in people.e2e.ts, before
// Grace stops him acting for her.)
import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staff from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test, useLanguage } from './fixtures';
import {
	aCarePlan,
	aProxyFor,
	aResident,
	anAppointment,
	carePlansLike,
	careTeamId,
	communicationNeeds,
	type Resident
} from './factories';

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

/** A plan as staff at Eastmere Health Centre write it, in English, for this test's resident. */
const written = {
	title: 'Keeping well with asthma',
	summary: 'Your asthma is mostly well controlled. We will check your inhaler technique.',
	goals: [
		{ text: 'No nights woken by coughing', status: 'in_progress' },
		{ text: 'Use the preventer inhaler every morning', status: 'achieved' }
	],
	actions: [
		{ what: 'Asthma review with the nurse', when: 'Every 12 months', status: 'planned' },
		{ what: 'Check inhaler technique', when: 'At the next review', status: 'in_progress' },
		{ what: 'Written asthma action plan', when: 'Done in October', status: 'done' }
	],
	ifWorse: 'If your reliever inhaler is not helping, call the practice the same day.'
} as const;

/**
 * A resident of this test alone, with an account (the demo password) and two plans written by
 * the practice: a general one as above, and one labelled mental health, as staff would have
 * saved them.
 */
async function aResidentWithPlans(name: string) {
	const email = `${name.toLowerCase()}-${Date.now()}-${randomInt(1e6)}@example.org`;
	const resident = await aResident({ email, givenName: name, familyName: 'Tester' });
	const nurses = await careTeamId('Practice nursing team');
	const general = await aCarePlan(resident, {
		label: 'general',
		reviewOn: '2027-06-01',
		title: written.title,
		kind: 'long_term_condition',
		summary: written.summary,
		goals: [...written.goals],
		actions: written.actions.map((action, index) => ({
			key: `a${index}`,
			teamId: nurses,
			appointmentId: null,
			...action
		})),
		careTeam: [{ teamId: nurses, role: 'Your asthma nurse', whenToCall: 'Weekdays 9am to 5pm' }],
		ifWorse: written.ifWorse
	});
	const mentalHealth = await aCarePlan(resident, {
		label: 'mental_health',
		reviewOn: '2027-06-01',
		title: 'Sleeping better',
		kind: 'wellbeing',
		summary: 'Talking therapy and a sleep diary.',
		goals: [],
		actions: [],
		careTeam: [
			{
				teamId: await careTeamId('Community mental health team'),
				role: 'Therapist',
				whenToCall: 'Any time'
			}
		],
		ifWorse: ''
	});
	return { email, patientId: resident.patientId, resident, general, mentalHealth };
}

/** Someone acting for the resident who may see appointments and read general care plans. */
async function aCarerReadingGeneralPlans(resident: Resident): Promise<string> {
	const carer = await aProxyFor(resident, ['appointments.view', 'care_plans.view'], ['general'], {
		email: `plan-reader-${Date.now()}-${randomInt(1e6)}@example.org`
	});
	return carer.email;
}

/** The plan's own words, each marked as English and set left to right. */
async function expectWrittenInEnglish(page: Page) {
	const main = page.locator('main');
	await expect(page.getByRole('heading', { level: 1 })).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveAttribute('dir', 'ltr');
	for (const words of [
		written.summary,
		...written.goals.map((goal) => goal.text),
		...written.actions.flatMap((action) => [action.what, action.when]),
		written.ifWorse
	]) {
		await expect(main.locator('[lang="en"][dir="ltr"]', { hasText: words })).not.toHaveCount(0);
	}
}

/** One card for each action, its status an NHS.UK tag. */
async function expectActionCards(page: Page, t: typeof en) {
	for (const action of written.actions) {
		const card = page.locator('main .joined-up-card', {
			has: page.getByRole('heading', { name: action.what, level: 3 })
		});
		await expect(card).toHaveCount(1);
		await expect(card.locator('.nhsuk-tag')).toHaveText(t.carePlans.actionStatuses[action.status]);
	}
	await expect(page.locator('main .joined-up-card .nhsuk-tag')).toHaveCount(written.actions.length);
}

test('a plan written in English, read in Arabic: the page says so and keeps its words left to right', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the pages are proved with JavaScript off');
	const resident = await aResidentWithPlans('Amal');
	await useLanguage(page, 'ar');
	await signIn(page, resident.email);
	await page.goto('/care-plans');
	await expectAccessible(page);
	// Each plan a card, its title a link, marked as English and set left to right.
	const card = page.locator('main .joined-up-card', { hasText: written.title });
	await expect(card).toHaveCount(1);
	await expect(card.getByRole('heading', { name: written.title })).toHaveAttribute('lang', 'en');
	await expect(card.getByRole('heading', { name: written.title })).toHaveAttribute('dir', 'ltr');
	await card.getByRole('link', { name: written.title }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(written.title);
	await expectAccessible(page);

	// A back link before the page's content, not a link inside it.
	const back = page.locator('a.nhsuk-back-link');
	await expect(back).toHaveText(ar.common.back);
	await expect(back).toHaveAttribute('href', '/care-plans');
	await expect(page.locator('main a.nhsuk-back-link')).toHaveCount(0);

	// Said in her language, with a way to ask that leads to the care team.
	const inset = page.locator('main .nhsuk-inset-text', { hasText: ar.carePlans.inEnglish.wrote });
	await expect(inset).toHaveCount(1);
	await expect(inset).not.toHaveAttribute('lang', 'en');
	await expect(inset).toContainText(ar.carePlans.inEnglish.call);
	await expect(inset.getByRole('link', { name: ar.carePlans.inEnglish.ask })).toHaveAttribute(
		'href',
		`/care-plans/${resident.general}/ask`
	);
	await expectWrittenInEnglish(page);
	await expectActionCards(page, ar);
	await inset.getByRole('link', { name: ar.carePlans.inEnglish.ask }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.carePlans.askTitle);
	await expectAccessible(page);

	// In English the plan is in the reader's language: nothing to say, the same cards.
	await useLanguage(page, 'en');
	await page.goto(`/care-plans/${resident.general}`);
	await expectAccessible(page);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('main')).not.toContainText(en.carePlans.inEnglish.wrote);
	await expect(page.locator('a.nhsuk-back-link')).toHaveText(en.common.back);
	await expectActionCards(page, en);
});

test('someone acting for her reads the same, and never the plan she keeps to herself', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the pages are proved with JavaScript off');
	const resident = await aResidentWithPlans('Nadia');
	const carer = await aCarerReadingGeneralPlans(resident.resident);
	await useLanguage(page, 'ar');
	await signIn(page, carer);
	await page.goto('/act-for');
	await expectAccessible(page);
	await page.getByLabel('Nadia Tester').check();
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);

	await page.goto('/care-plans');
	await expectAccessible(page);
	await expect(page.locator('main .joined-up-card')).toHaveCount(1);
	await expect(page.locator('main')).not.toContainText('Sleeping better');
	await page.getByRole('link', { name: written.title }).click();
	await expectAccessible(page);
	const inset = page.locator('main .nhsuk-inset-text', { hasText: ar.carePlans.inEnglish.wrote });
	await expect(inset).toContainText(ar.carePlans.inEnglish.call);
	// Allowed to read, not to ask: no way offered that would refuse them.
	await expect(inset.getByRole('link')).toHaveCount(0);
	await expectWrittenInEnglish(page);
	await expectActionCards(page, ar);
	expect((await page.goto(`/care-plans/${resident.mentalHealth}`))?.status()).toBe(404);
	await expectAccessible(page);
});

// Hazard H-011: an out-of-date care plan.
test('Grace asks about her plan, staff answer and change a goal, and she sees both', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the journey is proved with JavaScript off');
	test.setTimeout(180_000);
	// A resident of this test's own, as Grace is in the demo: her GP practice, the demo's three
	// plans, and large print among her needs. What is asked and changed here is hers alone.
	const grace = await aResident({
		givenName: 'Grace',
		dateOfBirth: '1948-03-14',
		postcode: 'E20 1QP'
	});
	await anAppointment(grace, 'GP appointment');
	await carePlansLike(grace, [diabetes, discharge, wellbeing]);
	await communicationNeeds(grace, { needs: ['large_print'] });
	await signIn(page, grace.email);
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
	await expect(main).toContainText(en.carePlans.call111.replace('{{website}}', '111.nhs.uk'));
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
	const question = main.locator('tr', { hasText: 'Can the foot checks' }).filter({
		hasText: grace.name
	});
	await expect(question).toContainText(en.communicationNeeds.kinds.large_print);
	// Starting a plan with nothing filled in names every missing answer.
	await page.getByLabel(en.assist.givenName).fill(grace.givenName);
	await page.getByLabel(en.assist.familyName).fill(grace.familyName);
	await fillDate(page, en.assist.dateOfBirth, grace.dateOfBirth);
	await page.getByLabel(en.assist.postcode).fill(grace.postcode);
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
	await question.getByRole('link', { name: diabetes }).click();
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
	await signIn(page, grace.email);
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

// Printing is the same with or without scripts: it runs with the rest of this file, without.
test('a plan prints to A4 with no navigation, fitting the width', async ({ page }) => {
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
	// A phone number is printed once, not again as "(Link: tel:…)".
	const afterPhones = await page.evaluate(() =>
		[...document.querySelectorAll('a[href^="tel:"]')].map(
			(link) => getComputedStyle(link, '::after').content
		)
	);
	expect(afterPhones.length).toBeGreaterThan(0);
	expect(afterPhones.filter((content) => content !== 'none')).toEqual([]);
	const pdf = await page.pdf({
		format: 'A4',
		margin: { top: '1cm', bottom: '1cm', left: '1cm', right: '1cm' }
	});
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(5_000);
});
