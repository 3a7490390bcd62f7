// Face to face first: Grace asks for a home visit with JavaScript off, the practice sees it with
// her needs flagged, writes to her and arranges it with a time from its diary, and Grace sees it
// arranged and in her appointments. Bad answers are refused with the text kept, in English and
// Arabic, where she also sends one and cancels it. (Who may make requests for someone is proved
// in people.e2e.ts; the rules underneath in requests.spec.ts.)
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';
import { aRequestInReview, aResident, anAppointment, communicationNeeds } from './factories';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

/** Every page of the journey says where urgent help is, before its question. */
async function expectUrgentHelp(page: Page, text: string) {
	await expect(page.locator('main .nhsuk-inset-text').first()).toHaveText(text);
}

/** The step's heading comes first, then where urgent help is. */
async function expectHeadingThenUrgentHelp(page: Page) {
	const inset = page.locator('main .nhsuk-inset-text', { hasText: en.common.urgentHelp });
	await expect(inset).toHaveCount(1);
	const heading = await page.locator('main h1').boundingBox();
	expect(heading!.y).toBeLessThan((await inset.boundingBox())!.y);
}

/** The form asks one question: every answer it sends has one name. */
async function expectOneQuestion(page: Page) {
	const names = new Set<string | null>();
	for (const control of await page
		.locator('main form :is(input:not([type=hidden]), textarea, select)')
		.all()) {
		names.add(await control.getAttribute('name'));
	}
	expect([...names]).toHaveLength(1);
}

/** The ways to reach the person a radio question offers, in order. */
async function offeredWays(page: Page) {
	return Promise.all(
		(await page.locator('input[name=reachBy]').all()).map((way) => way.getAttribute('value'))
	);
}

test('one question a page, heading first; ways to reach as settings offers them; requests listed from home', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'proved with JavaScript off');
	test.setTimeout(180_000);
	const main = page.locator('main');
	const email = `one-question-${Date.now()}${Math.floor(Math.random() * 1000)}@example.org`;
	await aResident({ email: email, givenName: 'Adaeze', familyName: 'Tester' });

	await signIn(page, email);
	await page.goto('/');
	await expectAccessible(page);
	await expect(main).not.toContainText(
		en.contact.openRequests_one.replace('{{count, number}}', '1')
	);
	// None made yet: her requests say so, and offer to ask.
	await page.getByRole('link', { name: en.contact.requestsTitle }).click();
	await expectAccessible(page);
	await expect(page).toHaveURL('/requests');
	await expect(main).toContainText(en.contact.requestsNone);
	await page.getByRole('button', { name: en.contact.homeLink }).click();
	await expectAccessible(page);
	await expectHeadingThenUrgentHelp(page);
	await expectOneQuestion(page);
	await page.getByLabel(en.contact.topics.medicines).check();
	await submit(page, en.booking.continue);

	await expect(page).toHaveURL('/contact/details');
	await expectHeadingThenUrgentHelp(page);
	await expectOneQuestion(page);
	await page.getByLabel(en.contact.detailsLabel).fill('My new tablets make me dizzy.');
	await submit(page, en.booking.continue);

	// A question about medicines is for those who prescribe them, not the flu vaccination.
	await expectHeadingThenUrgentHelp(page);
	await expectOneQuestion(page);
	// New to every service: every practice's GP appointments are offered.
	// ... and the question does not claim they are of organisations already caring for her.
	await expect(main).not.toContainText(en.contact.whoHint);
	await expect(page.getByLabel('GP appointment').first()).toBeVisible();
	await expect(page.getByLabel('Flu vaccination')).toHaveCount(0);
	await expect(page.getByLabel('Audiology')).toHaveCount(0);
	await page.getByLabel('GP appointment').first().check();
	await submit(page, en.booking.continue);
	await expectHeadingThenUrgentHelp(page);
	await expectOneQuestion(page);
	await page.getByLabel(en.contact.places.service).check();
	await submit(page, en.booking.continue);
	// When suits: the days and the times of day, answered together.
	await expectHeadingThenUrgentHelp(page);
	await page.getByLabel('Monday').check();
	await page.getByLabel(en.contact.dayParts.morning).check();
	await submit(page, en.booking.continue);

	// No way of contact recorded: none is claimed, none chosen for her.
	await expect(page).toHaveURL('/contact/reach');
	await expectHeadingThenUrgentHelp(page);
	await expectOneQuestion(page);
	await expect(main).toContainText(en.contact.reachHintNoPreference);
	await expect(main).not.toContainText(en.contact.reachHint);
	await expect(page.locator('input[name=reachBy]:checked')).toHaveCount(0);
	const inJourney = await offeredWays(page);
	expect(inJourney).toEqual(['email', 'link_worker']);
	// Settings offers the same ways; once she chooses one there, the journey starts from it.
	await page.goto('/settings/communication-needs');
	await expectAccessible(page);
	expect(await offeredWays(page)).toEqual(inJourney);
	await page.getByLabel(en.communicationNeeds.reach.email).check();
	await submit(page, en.communicationNeeds.save);
	await page.goto('/contact/reach');
	await expectAccessible(page);
	await expect(main).toContainText(en.contact.reachHint);
	await expect(page.getByLabel(en.communicationNeeds.reach.email)).toBeChecked();
	await submit(page, en.booking.continue);
	// On check your answers, her words are changed on their own page, apart from the topic.
	await expect(page).toHaveURL('/contact/check');
	await expect(
		page.getByRole('link', { name: `${en.common.change} ${en.contact.check.details}` })
	).toHaveAttribute('href', '/contact/details');
	await submit(page, en.contact.send);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.sentTitle);
	const id = /\/contact\/(\d+)\/sent$/.exec(page.url())![1]!;

	// Home counts it and links to her requests, each with its status as a tag.
	await page.goto('/');
	await expectAccessible(page);
	await page
		.getByRole('link', { name: en.contact.openRequests_one.replace('{{count, number}}', '1') })
		.click();
	await expectAccessible(page);
	await expect(page).toHaveURL('/requests');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.requestsTitle);
	const item = main.locator('li', { has: page.locator(`a[href="/contact/${id}"]`) });
	await expect(item.locator('.nhsuk-tag')).toHaveText(en.contact.statuses.received);
	await expect(item).toContainText(en.contact.topics.medicines);
	await item.getByRole('link').click();
	await expectAccessible(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.contact.requestTitle.replace('{{topic}}', en.contact.topics.medicines)
	);
});

// Hazard H-009: a request to be seen overdue and unnoticed.
// Hazard H-010: an urgent need typed into a request (111 and 999).
test('Grace asks for a home visit; the practice writes to her and arranges it', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the journey is proved with JavaScript off');
	test.setTimeout(240_000);
	const main = page.locator('main');
	const summary = page.locator('.nhsuk-error-summary');

	// A resident of this test's own, as Grace is in the demo: her practice cares for her (a GP
	// appointment there), and she needs large print. What is arranged here is hers alone.
	const grace = await aResident({ givenName: 'Grace' });
	await anAppointment(grace, 'GP appointment');
	await communicationNeeds(grace, { needs: ['large_print'] });
	await signIn(page, grace.email);
	await page.getByRole('link', { name: en.contact.homeLink }).click();
	await expectAccessible(page);
	await expectUrgentHelp(page, en.common.urgentHelp);

	// Nothing chosen, then nothing written, then only spaces, then too much: each refused, with
	// what was typed kept.
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.topicMissing);
	await page.getByLabel(en.contact.topics.ongoing_condition).check();
	await submit(page, en.booking.continue);
	await expectUrgentHelp(page, en.common.urgentHelp);
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.detailsMissing);
	await page.getByLabel(en.contact.detailsLabel).fill('     ');
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.detailsMissing);
	const tooLong = 'My knee hurts. '.repeat(67);
	expect(tooLong.trim().length).toBeGreaterThan(1000);
	await page.getByLabel(en.contact.detailsLabel).fill(tooLong);
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.detailsTooLong);
	await expect(page.getByLabel(en.contact.detailsLabel)).toHaveValue(tooLong);
	await expect(page).toHaveTitle(/^Error: /);
	await page.getByLabel(en.contact.detailsLabel).fill('My knee is worse and the stairs are hard.');
	await submit(page, en.booking.continue);

	await expectUrgentHelp(page, en.common.urgentHelp);
	// Her practice cares for her already: the services offered are its own, and the hint says so.
	await expect(main).toContainText(en.contact.whoHint);
	await page.getByLabel('GP appointment').check();
	await submit(page, en.booking.continue);
	await expectUrgentHelp(page, en.common.urgentHelp);
	await page.getByLabel(en.contact.places.home_visit).check();
	await submit(page, en.booking.continue);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.homeVisitTitle);
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.travelReasonMissing);
	await page.getByLabel(en.contact.homeVisitTitle).fill('I cannot manage the bus.');
	await submit(page, en.booking.continue);

	await expectUrgentHelp(page, en.common.urgentHelp);
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.daysMissing);
	await expect(summary).toContainText(en.contact.errors.dayPartsMissing);
	for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
		await page.getByLabel(day).check();
	}
	await page.getByLabel(en.contact.dayParts.morning).check();
	await page.getByLabel(en.contact.dayParts.afternoon).check();
	await submit(page, en.booking.continue);

	// She has recorded no way she prefers: none is chosen for her.
	await expect(page.locator('input[name=reachBy]:checked')).toHaveCount(0);
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.contact.errors.reachMissing);
	await page.getByLabel(en.communicationNeeds.reach.email).check();
	await submit(page, en.booking.continue);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.checkTitle);
	await expect(main).toContainText(en.contact.places.home_visit);
	await expect(main).toContainText('I cannot manage the bus.');
	// Her recorded needs go with it.
	await expect(main).toContainText(en.communicationNeeds.kinds.large_print);
	await submit(page, en.contact.send);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.sentTitle);
	await expect(main).toContainText('aims to answer within 2 working days');
	const reference = (await page.locator('.nhsuk-panel__body strong').innerText()).trim();
	expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{3} [A-HJKMNP-Z2-9]{3}$/);
	const id = /\/contact\/(\d+)\/sent$/.exec(page.url())![1]!;
	await page.getByRole('link', { name: en.contact.sentFollow }).click();
	await expectAccessible(page);
	await expect(main).toContainText(en.contact.statuses.received);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	// The practice: the queue shows it with her needs; they write to her and arrange it.
	await signIn(page, 'staff@example.org');
	await page.getByRole('link', { name: en.home.requestsLink }).click();
	await expectAccessible(page);
	const row = page.locator('tr', { has: page.locator(`a[href="/staff/requests/${id}"]`) });
	await expect(row).toContainText(en.communicationNeeds.kinds.large_print);
	await expect(row).toContainText(en.contact.places.home_visit);
	// Maureen's request, a week old, is overdue.
	await expect(page.locator('tr', { hasText: 'Maureen Kelly' })).toContainText(
		staffEn.requests.overdue
	);
	await page.getByLabel(staffEn.requests.filterStatus).selectOption('closed');
	await submit(page, staffEn.requests.filterSubmit);
	await expect(row).toHaveCount(0);
	await page.goto(`/staff/requests/${id}`);
	await expectAccessible(page);
	await expect(main).toContainText('I cannot manage the bus.');
	await submit(page, staffEn.requests.assign);
	await expect(main).toContainText(en.contact.statuses.in_review);
	await expect(page.getByRole('button', { name: staffEn.requests.assign })).toHaveCount(0);
	// Closing needs a reason: refused without one, and the request stays open.
	await submit(page, staffEn.requests.closeSubmit);
	await expect(summary).toContainText(staffEn.requests.errors.reasonMissing);
	await expect(main).toContainText(en.contact.statuses.in_review);
	await submit(page, staffEn.requests.messageSubmit);
	await expect(summary).toContainText(staffEn.requests.errors.messageMissing);
	await page
		.getByLabel(staffEn.requests.messageLabel.replace('{{name}}', 'Grace'))
		.fill('A GP can visit you this week. We will book a time.');
	await submit(page, staffEn.requests.messageSubmit);
	await expect(main).toContainText(en.contact.statuses.in_review);
	await page.getByRole('link', { name: staffEn.requests.arrangeLink }).click();
	await expectAccessible(page);
	await submit(page, staffEn.requests.arrangeSubmit);
	await expect(summary).toContainText(staffEn.requests.errors.slotMissing);
	// The last offered: after her booked GP appointment.
	const time = page.locator('input[name=slot]').last();
	const chosenTime = (
		await page.locator(`label[for="${await time.getAttribute('id')}"]`).innerText()
	).trim();
	await time.check();
	await submit(page, staffEn.requests.arrangeSubmit);
	await expect(main).toContainText(en.contact.statuses.arranged);
	await expect(main).toContainText(chosenTime.split(',')[0]!);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	// Grace sees it arranged, with the message and the appointment, and in her appointments.
	await signIn(page, grace.email);
	await page.goto(`/contact/${id}`);
	await expectAccessible(page);
	await expect(main).toContainText(en.contact.statuses.arranged);
	await expect(main).toContainText('A GP can visit you this week.');
	await expect(main).not.toContainText(en.contact.cancelLink);
	await main.locator('.nhsuk-inset-text a').click();
	await expectAccessible(page);
	await expect(main).toContainText(en.appointments.modes.home_visit);
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(main).toContainText(en.appointments.modes.home_visit);
	await page.goto('/activity');
	await expectAccessible(page);
	await expect(main).toContainText(
		en.activity.actions['request.arranged'].replace('{{reference}}', reference)
	);
});

// Hazard H-010: an urgent need typed into a request (111 and 999).
test('in Arabic, every step and its errors read right to left, and a request is sent and cancelled', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'one run, with JavaScript off, is enough');
	test.setTimeout(180_000);
	// A resident of this test's own, as Grace is in the demo: her practice cares for her (a GP
	// appointment there), and a request of hers is in review with its staff.
	const resident = await aResident({ givenName: 'Grace' });
	await anAppointment(resident, 'GP appointment');
	const inReview = await aRequestInReview(resident, 'GP appointment');
	await useLanguage(page, 'ar');
	await signIn(page, resident.email);
	await page.goto('/contact');
	await expectAccessible(page);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectUrgentHelp(page, ar.common.urgentHelp);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.contact.errors.topicMissing);
	await page.getByLabel(ar.contact.topics.medicines).check();
	await submit(page, ar.booking.continue);
	await page.getByLabel(ar.contact.detailsLabel).fill('   ');
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.contact.errors.detailsMissing
	);
	await page.getByLabel(ar.contact.detailsLabel).fill('أريد التحدث عن أدويتي الجديدة.');
	await submit(page, ar.booking.continue);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.contact.errors.serviceMissing
	);
	// The directory's names are in Arabic too.
	await page.getByLabel(ar.catalogue['Practice nurse']).check();
	await submit(page, ar.booking.continue);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.contact.errors.placeMissing);
	await page.getByLabel(ar.contact.places.community_hub).check();
	await submit(page, ar.booking.continue);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.contact.errors.hubMissing);
	await page.getByLabel(ar.catalogue['Eastmere Community Hub at the Library']).check();
	await submit(page, ar.booking.continue);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.contact.errors.daysMissing);
	await page.locator('input[name=days]').first().check();
	await page.getByLabel(ar.contact.dayParts.morning).check();
	await submit(page, ar.booking.continue);
	await page.getByLabel(ar.communicationNeeds.reach.email).check();
	await submit(page, ar.booking.continue);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.contact.checkTitle);
	await expect(page.locator('main')).toContainText('أريد التحدث عن أدويتي الجديدة.');
	// Sent, then no longer needed: she cancels it, and it reads as closed.
	await submit(page, ar.contact.send);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.contact.sentTitle);
	await page.getByRole('link', { name: ar.contact.sentFollow }).click();
	await expectAccessible(page);
	await page.getByRole('link', { name: ar.contact.cancelLink }).click();
	await expectAccessible(page);
	await submit(page, ar.contact.cancelSubmit);
	await expect(page.locator('main')).toContainText(ar.contact.statuses.closed);
	await expect(page.getByRole('link', { name: ar.contact.cancelLink })).toHaveCount(0);
	// Her request in review reads in Arabic too.
	await page.goto(`/contact/${inReview}`);
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(ar.contact.statuses.in_review);
	await page.getByRole('button', { name: ar.contact.replySubmit }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.contact.errors.replyMissing);
});
