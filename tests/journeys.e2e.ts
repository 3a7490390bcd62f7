// A half-answered journey belongs to the person it is about. A link worker who leaves one
// resident's booking at "Check your answers" and goes on to help the next, or a carer who switches
// whose care they manage, never sees the first person's answers again, nor books from them; the
// answers are cleared when the subject changes, and a copy of them kept by the browser reads as
// nothing for anyone else.
import type { Cookie, Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test } from './fixtures';
import { aResident, uniqueWord } from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'forms need no JavaScript');

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

/** A resident with no phone or email, registered by the signed-in link worker, found at once. */
async function registerResident(page: Page, givenName: string, familyName: string) {
	await page.goto('/assist/register');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill(givenName);
	await page.getByLabel(en.assist.familyName).fill(familyName);
	await fillDate(page, en.assist.dateOfBirth, '1961-04-12');
	await page.getByLabel(en.assist.postcode).fill('E20 3QT');
	await page.getByLabel(en.assist.reachBy.link_worker).check();
	await submit(page, en.assist.registerSubmit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.assist.consentTitle.replace('{{name}}', `${givenName} ${familyName}`)
	);
}

/** Consent recorded for the resident just found: the assisted session starts. */
async function startSession(page: Page, name: string) {
	await page.getByLabel(en.assist.methods.in_person_verbal).check();
	await page.getByLabel(en.assist.consentPlace).fill('Eastmere Community Hub');
	await submit(page, en.assist.startSubmit);
	await expect(page.getByRole('region', { name: en.assist.regionLabel })).toContainText(
		`Helping ${name}`
	);
}

/** Booking as far as "Check your answers", with a Somali interpreter asked for. */
async function bookUpToCheck(page: Page) {
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('Practice nurse').check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.appointments.modes.phone).check();
	await submit(page, en.booking.continue);
	await page.goto('/appointments/book/day?week=2');
	await expectAccessible(page);
	await page.locator('input[name=day]').first().check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=slot]').first().check();
	await submit(page, en.booking.continue);
	await page.getByRole('checkbox', { name: en.booking.needInterpreter }).check();
	await page.getByLabel(en.booking.needInterpreterLanguage).fill('Somali');
	await submit(page, en.booking.continue);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await expect(page.locator('main')).toContainText('Practice nurse');
	await expect(page.locator('main')).toContainText('Somali');
}

/**
 * "Check your answers" visited directly, as the back button or a kept tab would: the person is
 * sent to the first question with nothing chosen, and none of the earlier answers is shown.
 */
async function expectNoBookingAnswers(page: Page) {
	await page.goto('/appointments/book/check');
	await expectAccessible(page);
	await expect(page).toHaveURL('/appointments/book');
	await expect(page.locator('input[name=service]:checked')).toHaveCount(0);
	await expect(page.locator('main')).not.toContainText('Somali');
}

/** The Book button's form, sent as a browser without JavaScript would: nothing is booked. */
async function expectNothingBooked(page: Page) {
	const response = await page.request.post('/appointments/book/check?/book', {
		form: { bookingToken: 'a-token-of-twenty-or-more-characters' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe('/appointments/book');
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(page.locator('main')).not.toContainText('Practice nurse');
}

function journeyCookies(cookies: Cookie[]): Cookie[] {
	return cookies.filter((cookie) => cookie.name === 'booking' || cookie.name === 'contact');
}

// Hazard H-008: an assisted session left open on a shared device.
test('a link worker moving on to the next resident sees none of the last one’s booking', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signIn(page, 'linkworker@example.org');
	// Names of this run's own, so that a second run registers new residents, as this one does.
	const ayaan = `Warsame${uniqueWord().slice(0, 4)}`;
	const bridget = `Kelleher${uniqueWord().slice(0, 4)}`;
	await registerResident(page, 'Ayaan', ayaan);
	await startSession(page, `Ayaan ${ayaan}`);
	await bookUpToCheck(page);
	const kept = journeyCookies(await page.context().cookies());
	expect(kept).toHaveLength(1);

	// The session ends without booking: the answers go with it.
	const banner = page.getByRole('region', { name: en.assist.regionLabel });
	await banner.getByRole('button', { name: en.assist.end }).click();
	await expectAccessible(page);
	expect(journeyCookies(await page.context().cookies())).toEqual([]);

	await registerResident(page, 'Bridget', bridget);
	await startSession(page, `Bridget ${bridget}`);
	await expectNoBookingAnswers(page);
	await expect(page.locator('main')).not.toContainText('Ayaan');

	// Even answers the browser kept from before (a copy of the cookie) are not hers.
	await page.context().addCookies(kept);
	await expectNoBookingAnswers(page);
	await expectNothingBooked(page);
});

// Hazard H-001: an appointment booked, cancelled or moved for the wrong person.
test('a carer who switches to his own care and back finds no half-made journey', async ({
	page
}) => {
	test.setTimeout(180_000);
	// A resident of the test's own, whom a carer of its own (with care of his own, as Daniel has)
	// may book and make requests for.
	const daniel = await aResident({ givenName: 'Daniel' });
	const okonjo = `Okonjo${uniqueWord().slice(0, 4)}`;
	await signIn(page, 'linkworker@example.org');
	await registerResident(page, 'Cerys', okonjo);
	await page.goto('/assist/relationship');
	await expectAccessible(page);
	await page.getByLabel(en.people.kinds.carer).check();
	await page.getByLabel(en.inPerson.identifierLabel).fill(daniel.email);
	for (const permission of ['appointments.manage', 'requests.make'] as const) {
		await page.getByLabel(en.people.permissions[permission]).check();
	}
	await page.getByLabel(en.inPerson.checksLabel).fill('Saw Cerys and her son together');
	await page.getByLabel(en.inPerson.reasonLabel).fill('Cerys asked for her son to help her');
	await page.getByLabel(en.inPerson.reviewOnLabel).fill('2027-06-01');
	await submit(page, en.inPerson.submit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.inPerson.recordedTitle);
	const code = (await page.locator('.nhsuk-panel__body bdi').innerText()).trim();
	await page.context().clearCookies();

	await signIn(page, daniel.email);
	await page.goto('/people/accept');
	await expectAccessible(page);
	await page.getByLabel(en.people.codeLabel).fill(code);
	await submit(page, en.people.acceptSubmit);
	await expect(page.getByRole('status')).toHaveText(en.people.notices.accepted);

	async function actFor(person: string) {
		await page.goto('/act-for');
		await expectAccessible(page);
		await page.getByLabel(person).check();
		await submit(page, en.booking.continue);
	}

	await actFor(`Cerys ${okonjo}`);
	await bookUpToCheck(page);
	// A request for her, too, begun in her words.
	await page.goto('/contact');
	await expectAccessible(page);
	await page.getByLabel(en.contact.topics.test_results).check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.contact.detailsLabel).fill('Cerys wants to hear her scan results.');
	await submit(page, en.booking.continue);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.whoTitle);
	const kept = journeyCookies(await page.context().cookies());
	expect(kept).toHaveLength(2);

	async function expectNoRequestAnswers() {
		await page.goto('/contact/check');
		await expectAccessible(page);
		await expect(page).toHaveURL('/contact');
		await expect(page.locator('input[name=topic]:checked')).toHaveCount(0);
	}

	await actFor(en.actFor.yourself);
	expect(journeyCookies(await page.context().cookies())).toEqual([]);
	await expectNoBookingAnswers(page);
	await expectNoRequestAnswers();
	await page.context().addCookies(kept);
	await expectNoBookingAnswers(page);
	await expectNoRequestAnswers();
	await expectNothingBooked(page);

	// Back to Cerys: the answers were cleared when he switched, so nothing is waiting.
	await page.context().addCookies(kept);
	await actFor(`Cerys ${okonjo}`);
	await expectNoBookingAnswers(page);
	await expectNoRequestAnswers();
});
