// A link worker helps a resident with no phone or email: nothing of hers is reachable before
// her consent is recorded; with it, the link worker books for her under a banner; after the
// session ends, nothing is reachable again, and the summary lists what was done. Registering a
// resident, and recording (and renewing) who acts for one in person.
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test } from './fixtures';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

// Hazard H-008: an assisted session left open on a shared device.
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
	await fillDate(page, en.assist.dateOfBirth, '1939-11-30');
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
	// Her appointments, the heading saying whose they are, and the title naming her once.
	const herAppointments = en.appointments.titleFor.replace('{{name}}', 'Maureen Kelly');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(herAppointments);
	await expect(page).toHaveTitle(`${herAppointments} – Joined Up`);
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

test('a date of birth is typed into three boxes, and each mistake is shown on the boxes it is about', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, 'linkworker@example.org');
	await page.goto('/assist');
	await expectAccessible(page);
	const group = page.getByRole('group', { name: en.assist.dateOfBirth, exact: true });
	await expect(group).toContainText(en.assist.dateOfBirthHint);
	await expect(page.locator('input[type=date]')).toHaveCount(0);
	const parts = ['day', 'month', 'year'] as const;
	const labels = {
		day: en.assist.dateOfBirthDay,
		month: en.assist.dateOfBirthMonth,
		year: en.assist.dateOfBirthYear
	};
	const box = (part: (typeof parts)[number]) => group.getByLabel(labels[part], { exact: true });
	for (const part of parts) {
		await expect(box(part)).toHaveAttribute('inputmode', 'numeric');
		await expect(box(part)).toHaveAttribute('type', 'text');
		// Someone else's date of birth: the link worker's browser must not fill in their own.
		await expect(box(part)).not.toHaveAttribute('autocomplete');
	}
	await expect(box('day')).toHaveClass(/nhsuk-input--width-2/);
	await expect(box('month')).toHaveClass(/nhsuk-input--width-2/);
	await expect(box('year')).toHaveClass(/nhsuk-input--width-4/);

	await page.getByLabel(en.assist.givenName).fill('Maureen');
	await page.getByLabel(en.assist.familyName).fill('Kelly');
	await page.getByLabel(en.assist.postcode).fill('E20 2WS');
	const errors = en.assist.errors.dateOfBirth;
	const all = ['day', 'month', 'year'];
	const cases: [string, string, string, string, string[]][] = [
		['', '', '', errors.missing, all],
		['30', '', '1939', errors.missingMonth, ['month']],
		['', '', '1939', errors.missingDayMonth, ['day', 'month']],
		['30', '11', '', errors.missingYear, ['year']],
		['31', '2', '1939', errors.real, all],
		// 1939 was not a leap year.
		['29', '2', '1939', errors.real, all],
		['30', '13', '1939', errors.real, ['month']],
		['30', '11', '39', errors.yearDigits, ['year']],
		['30', '11', '1899', errors.tooEarly, ['year']],
		['30', '11', '2999', errors.future, all]
	];
	const summary = page.locator('.nhsuk-error-summary');
	for (const [day, month, year, message, wrong] of cases) {
		await box('day').fill(day);
		await box('month').fill(month);
		await box('year').fill(year);
		await submit(page, en.assist.searchSubmit);
		await expect(page).toHaveTitle(/^Error: /);
		// One message, linked to the first box that is wrong.
		await expect(summary.getByRole('link')).toHaveText([message]);
		await expect(summary.getByRole('link')).toHaveAttribute('href', `#dateOfBirth-${wrong[0]}`);
		await expect(group.locator('#dateOfBirth-error')).toHaveText(`Error: ${message}`);
		await expect(group).toHaveAttribute('aria-describedby', 'dateOfBirth-hint dateOfBirth-error');
		for (const part of parts) {
			if (wrong.includes(part)) await expect(box(part)).toHaveClass(/nhsuk-input--error/);
			else await expect(box(part)).not.toHaveClass(/nhsuk-input--error/);
		}
		// What was typed stays, to be corrected.
		await expect(box('day')).toHaveValue(day);
		await expect(box('month')).toHaveValue(month);
		await expect(box('year')).toHaveValue(year);
		await expect(page.getByLabel(en.assist.givenName)).toHaveValue('Maureen');
	}

	// Leading zeros and spaces are fine.
	await box('day').fill(' 30 ');
	await box('month').fill('011');
	await box('year').fill('1939');
	await submit(page, en.assist.searchSubmit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.assist.consentTitle.replace('{{name}}', 'Maureen Kelly')
	);
});

test('staff find a patient by a date of birth in three boxes', async ({ page }) => {
	await signIn(page, 'staff@example.org');
	await page.goto('/staff/care-plans');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill('Grace');
	await page.getByLabel(en.assist.familyName).fill('Ofori');
	await page.getByLabel(en.assist.postcode).fill('E20 1QP');
	await fillDate(page, en.assist.dateOfBirth, '1948-03-14');
	const group = page.getByRole('group', { name: en.assist.dateOfBirth, exact: true });
	await group.getByLabel(en.assist.dateOfBirthMonth, { exact: true }).fill('');
	await submit(page, en.assist.searchSubmit);
	const summary = page.locator('.nhsuk-error-summary');
	await expect(summary.getByRole('link')).toHaveText([en.assist.errors.dateOfBirth.missingMonth]);
	await expect(summary.getByRole('link')).toHaveAttribute('href', '#dateOfBirth-month');
	await expect(group.getByLabel(en.assist.dateOfBirthDay, { exact: true })).toHaveValue('14');
	await group.getByLabel(en.assist.dateOfBirthMonth, { exact: true }).fill('03');
	await submit(page, en.assist.searchSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toHaveCount(0);
	await expect(page.locator('main')).toContainText('Grace Ofori');
});

test('a link worker registers a resident who has no phone or email, and her summary goes by letter', async ({
	page
}, testInfo) => {
	// One new resident for each project, so neither finds the other's already registered.
	const [givenName, nhsNumber] =
		testInfo.project.name === 'js' ? ['Adanna', '401 023 2137'] : ['Ada', '123 456 7881'];
	await signIn(page, 'linkworker@example.org');
	await page.goto('/assist');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.assist.registerLink }).click();
	await expectAccessible(page);
	await page.getByLabel(en.assist.reachBy.letter).check();
	await submit(page, en.assist.registerSubmit);
	const summary = page.locator('.nhsuk-error-summary');
	for (const message of [
		en.assist.errors.givenName,
		en.assist.errors.familyName,
		en.assist.errors.dateOfBirth.missing,
		en.assist.errors.postcode
	]) {
		await expect(summary).toContainText(message);
	}
	await page.getByLabel(en.assist.givenName).fill(givenName);
	await page.getByLabel(en.assist.familyName).fill('Nwosu');
	await fillDate(page, en.assist.dateOfBirth, '1950-02-01');
	await page.getByLabel(en.assist.postcode).fill('e15 4ab');
	await page.getByLabel(en.assist.nhsNumber).fill('943 476 5918');
	await submit(page, en.assist.registerSubmit);
	await expect(summary).toContainText(en.assist.errors.nhsNumber);
	await page.getByLabel(en.assist.nhsNumber).fill(nhsNumber);
	await submit(page, en.assist.registerSubmit);
	// A letter needs an address.
	await expect(summary).toContainText(en.assist.errors.address);
	await page.getByLabel(en.assist.address).fill('4 Mill Lane\nStratford');
	await submit(page, en.assist.registerSubmit);

	const name = `${givenName} Nwosu`;
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.assist.consentTitle.replace('{{name}}', name)
	);
	await page.getByLabel(en.assist.methods.in_writing).check();
	await page.getByLabel(en.assist.consentPlace).fill('Stratford Library');
	await submit(page, en.assist.startSubmit);
	const banner = page.getByRole('region', { name: en.assist.regionLabel });
	await expect(banner).toContainText(`Helping ${name}`);
	await banner.getByRole('button', { name: en.assist.end }).click();
	await expect(page.locator('main')).toContainText(en.assist.copySent.letter);
	await expectAccessible(page);

	// Registered once: the same details again are refused, and she is found instead.
	await page.goto('/assist/register');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill(givenName);
	await page.getByLabel(en.assist.familyName).fill('NWOSU');
	await fillDate(page, en.assist.dateOfBirth, '1950-02-01');
	await page.getByLabel(en.assist.postcode).fill('E15 4AB');
	await page.getByLabel(en.assist.reachBy.link_worker).check();
	await submit(page, en.assist.registerSubmit);
	await expect(summary).toContainText(en.assist.errors.couldNotRegister);
});

test('staff record in person who acts for Samir, and he sees it', async ({ page }, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'one relationship for Samir is enough');
	test.setTimeout(180_000);
	await signIn(page, 'staff@example.org');
	await page.goto('/assist');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill('Samir');
	await page.getByLabel(en.assist.familyName).fill('Haddad');
	await fillDate(page, en.assist.dateOfBirth, '1983-06-21');
	await page.getByLabel(en.assist.postcode).fill('E20 7LM');
	await submit(page, en.assist.searchSubmit);
	// Staff record relationships; they do not run assisted sessions.
	const title = en.inPerson.title.replace('{{name}}', 'Samir Haddad');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.locator('main')).toContainText(en.inPerson.none);

	await submit(page, en.inPerson.submit);
	const summary = page.locator('.nhsuk-error-summary');
	for (const message of [
		en.inPerson.errors.kind,
		en.people.errors.identifierMissing,
		en.inPerson.errors.checks,
		en.inPerson.errors.reason,
		en.inPerson.errors.reviewOn
	]) {
		await expect(summary).toContainText(message);
	}
	// He is an adult: not a parent's to act for.
	await page.getByLabel(en.people.kinds.parent).check();
	await page.getByLabel(en.inPerson.identifierLabel).fill('attorney@example.org');
	await page.getByLabel(en.inPerson.checksLabel).fill('Saw the registered LPA and photo ID');
	await page.getByLabel(en.inPerson.reasonLabel).fill('Samir lacks capacity after his stroke');
	await page.getByLabel(en.inPerson.reviewOnLabel).fill('2027-06-01');
	await submit(page, en.inPerson.submit);
	await expect(summary).toContainText(en.inPerson.errors.tooOldForParent);
	await page.getByLabel(en.people.kinds.lasting_power_of_attorney).check();
	await submit(page, en.inPerson.submit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.inPerson.recordedTitle);
	await expect(page.locator('.nhsuk-panel__body bdi')).toHaveText(/^[A-Z0-9]{5} [A-Z0-9]{5}$/);
	await page.getByRole('link', { name: 'Back to who acts for Samir Haddad' }).click();
	await expect(page.locator('main')).toContainText(en.people.kinds.lasting_power_of_attorney);
	await expect(page.locator('main')).toContainText(en.inPerson.states.invited);
	await expectAccessible(page);

	// Samir sees who was recorded, how, and when it is reviewed.
	await page.context().clearCookies();
	await signIn(page, '07700 900123');
	await page.goto('/people');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText('attorney@example.org');
	await expect(page.locator('main')).toContainText(en.people.setUp.in_person);
	await expect(page.locator('main')).toContainText(/To be reviewed by Tuesday,? 1 June 2027/);
});

test('staff record a parent for a young child, and renew the access to the 16th birthday', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'one child and one renewal are enough');
	test.setTimeout(180_000);
	await signIn(page, 'staff@example.org');
	await page.goto('/assist/register');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill('Tia');
	await page.getByLabel(en.assist.familyName).fill('Mensah');
	await fillDate(page, en.assist.dateOfBirth, '2019-05-05');
	await page.getByLabel(en.assist.postcode).fill('E20 1AA');
	await page.getByLabel(en.assist.reachBy.carer).check();
	await submit(page, en.assist.registerSubmit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.inPerson.title.replace('{{name}}', 'Tia Mensah')
	);
	await page.getByLabel(en.people.kinds.parent).check();
	await page.getByLabel(en.inPerson.identifierLabel).fill('tia.parent@example.org');
	await page.getByLabel(en.inPerson.checksLabel).fill('Red book and birth certificate');
	await page.getByLabel(en.inPerson.reasonLabel).fill('Tia is 7; her mother has no smartphone');
	await page.getByLabel(en.inPerson.reviewOnLabel).fill('2027-06-01');
	await submit(page, en.inPerson.submit);
	await page.getByRole('link', { name: 'Back to who acts for Tia Mensah' }).click();
	await expectAccessible(page);

	await page.getByRole('link', { name: en.inPerson.renewLink }).click();
	await expectAccessible(page);
	await submit(page, en.inPerson.renewSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(en.inPerson.errors.note);
	await page.getByLabel(en.inPerson.noteLabel).fill('Complex needs: her mother will keep managing');
	await submit(page, en.inPerson.renewSubmit);
	// Renewed once: it now ends on the 16th birthday, and cannot be renewed again.
	await expect(page.locator('main')).toContainText(/Ends on .*5 May 2035/);
	await expect(page.getByRole('link', { name: en.inPerson.renewLink })).toHaveCount(0);
});
