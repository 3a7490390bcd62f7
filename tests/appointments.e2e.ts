// Residents' appointments: the list, the details, the calendar file and cancelling, with
// JavaScript off and on, in English and Arabic.
import ICAL from 'ical.js';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aResident, anAppointment, signInAs } from './factories';
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';

test('Grace sees her coming and past appointments, their details, and a calendar file', async ({
	page
}) => {
	await signIn(page, 'patient@example.org');
	await expect(page.getByText(/Your next appointment: /)).toBeVisible();
	await page.getByRole('link', { name: en.home.appointmentsLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.appointments.title);
	await expectAccessible(page);

	const upcoming = page.locator('h2', { hasText: en.appointments.upcomingHeading });
	await expect(upcoming).toBeVisible();
	await expect(page.locator('main')).toContainText(en.appointments.statuses.attended);

	await page.getByRole('link', { name: en.appointments.viewDetails }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.appointments.detailsTitle);
	await expect(page.locator('main')).toContainText('GRC 7MX');
	await expect(page.locator('main')).toContainText(en.appointments.needsList.someoneWithMe);
	await expectAccessible(page);
	const when = await page.locator('dd').first().innerText();

	const href = await page
		.getByRole('link', { name: en.appointments.calendarLink })
		.getAttribute('href');
	const response = await page.request.get(href!);
	expect(response.headers()['content-type']).toContain('text/calendar');
	const calendar = new ICAL.Component(ICAL.parse(await response.text()));
	const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
	expect(event.uid).toBe('GRC7MX@joined-up');
	// The event's instant, shown in London time, is the time the page shows.
	const start = event.startDate.toJSDate();
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hour: 'numeric',
		minute: '2-digit',
		hourCycle: 'h12'
	}).formatToParts(start);
	const part = (type: string) => parts.find((found) => found.type === type)?.value ?? '';
	// As NHS.UK writes times: 9am, 4:30pm.
	const minute = part('minute') === '00' ? '' : `:${part('minute')}`;
	expect(when).toContain(`${part('hour')}${minute}${part('dayPeriod').toLowerCase()}`);
});

// Hazard H-002: a resident's health information shown to someone else.
test("another person's appointment does not exist, whatever id is typed", async ({ page }) => {
	await signIn(page, 'patient@example.org');
	await page.goto('/appointments');
	await expectAccessible(page);
	const href = await page
		.getByRole('link', { name: en.appointments.viewDetails })
		.first()
		.getAttribute('href');
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	await signIn(page, 'carer@example.org');
	for (const path of [href!, `${href}/cancel`]) {
		const response = await page.goto(path);
		expect(response?.status()).toBe(404);
		await expect(page.locator('main')).not.toContainText('GRC');
		await expectAccessible(page);
	}
	const calendar = await page.request.get(`${href}/calendar.ics`);
	expect(calendar.status()).toBe(404);
});

test('cancelling explains a reason that is too long, then cancels and frees the time', async ({
	page
}) => {
	// A resident of this test's own, with an appointment to cancel.
	const resident = await aResident();
	await anAppointment(resident, 'Physiotherapy');
	await signInAs(page.context(), resident.userId);
	await page.goto('/appointments');
	await expectAccessible(page);
	await page
		.locator('ul.joined-up-appointments')
		.first()
		.locator('li')
		.first()
		.getByRole('link')
		.click();
	await expectAccessible(page);
	const reference = await page.locator('dd bdi').innerText();
	await page.getByRole('link', { name: en.appointments.cancelLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.appointments.cancelTitle);
	await expectAccessible(page);

	await page.getByLabel(en.appointments.cancelReasonLabel).fill('x'.repeat(501));
	await page.getByRole('button', { name: en.appointments.cancelSubmit }).click();
	await expect(page).toHaveTitle(`Error: ${en.appointments.cancelTitle} – Joined Up`);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		en.appointments.errors.reasonTooLong
	);
	await expect(page.getByLabel(en.appointments.cancelReasonLabel)).toHaveValue('x'.repeat(501));
	await expectAccessible(page);

	await page.getByLabel(en.appointments.cancelReasonLabel).fill('I feel better');
	await page.getByRole('button', { name: en.appointments.cancelSubmit }).click();
	// Cancelling ends on its own confirmation, with the reference and what to do next.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.appointments.cancelledTitle);
	await expect(page.locator('.nhsuk-panel')).toContainText(reference);
	await expect(page.locator('main .nhsuk-tag')).toHaveText(en.appointments.statuses.cancelled);
	await expectAccessible(page);
	// The appointment's own page then says it was cancelled, and offers nothing to change.
	await page.goto(new URL(page.url()).pathname.replace(/\/cancelled$/, ''));
	await expect(page.locator('main')).toContainText(en.appointments.cancelledNotice);
	await expect(page.getByRole('link', { name: en.appointments.cancelLink })).toHaveCount(0);
	await expectAccessible(page);
});

// Hazard H-004: a cancellation that never reaches the service.
test('after the cut-off, the page says to phone, and cancelling online is refused', async ({
	page
}) => {
	await signIn(page, '07700900123');
	await page.goto('/appointments');
	await expectAccessible(page);
	// Samir's home visit tomorrow evening; its service needs two days' notice.
	await page
		.locator('ul.joined-up-appointments li', { hasText: 'Adult social care assessment' })
		.getByRole('link')
		.click();
	await expectAccessible(page);
	await expect(page.locator('dd bdi')).toHaveText('SMR 8HV');
	const tooLate = en.appointments.tooLate.replace('{{phone}}', '020 7946 0505');
	await expect(page.locator('main')).toContainText(tooLate);
	// The number dials the service, and stays on one line (its spaces are non-breaking).
	const phone = page.getByRole('link', { name: '020 7946 0505' });
	await expect(phone).toHaveAttribute('href', 'tel:02079460505');
	expect(await phone.textContent()).toBe('020\u00a07946\u00a00505');
	await expect(page.getByRole('link', { name: en.appointments.cancelLink })).toHaveCount(0);
	await expect(page.getByRole('link', { name: en.appointments.changeLink })).toHaveCount(0);

	const details = new URL(page.url()).pathname;
	await page.goto(`${details}/cancel`);
	await expect(page.locator('main')).toContainText(tooLate);
	await expect(page.getByRole('button', { name: en.appointments.cancelSubmit })).toHaveCount(0);
	await expectAccessible(page);
	const post = await page.request.post(`${details}/cancel`, {
		form: { reason: '' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(409);
	await page.goto(details);
	await expect(page.locator('dd').last()).toHaveText(en.appointments.statuses.booked);
	await expectAccessible(page);
});

test('appointments read right to left in Arabic, dates in Arabic', async ({ page }) => {
	await useLanguage(page, 'ar');
	await signIn(page, 'patient@example.org');
	await page.goto('/appointments');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.appointments.title);
	await expectAccessible(page);
	await page.getByRole('link', { name: ar.appointments.viewDetails }).first().click();
	await expectAccessible(page);
	await page.getByRole('link', { name: ar.appointments.cancelLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.appointments.cancelTitle);
	await expectAccessible(page);
});

test('a visitor who is not signed in is asked to sign in first', async ({ page }) => {
	await page.goto('/appointments');
	await expect(page).toHaveURL('/sign-in?returnTo=%2Fappointments');
	await expectAccessible(page);
});

test('changing the time books the new time and frees the old one', async ({ page }) => {
	// A resident of this test's own, with two appointments coming up; the last is changed.
	const resident = await aResident();
	await anAppointment(resident, 'Physiotherapy');
	await anAppointment(resident, 'Practice nurse');
	await signInAs(page.context(), resident.userId);
	await page.goto('/appointments');
	await expectAccessible(page);
	await page.locator('ul.joined-up-appointments').first().getByRole('link').last().click();
	await expectAccessible(page);
	const reference = await page.locator('dd bdi').innerText();
	const before = await page.locator('dd').first().innerText();

	await page.getByRole('link', { name: en.appointments.changeLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.dayTitle);
	// Which appointment is being changed, said before the question, on each of its pages.
	const changing = page.locator('main .nhsuk-inset-text');
	await expect(changing).toContainText(en.appointments.changing);
	await expect(changing).toContainText(before);
	await expectAccessible(page);
	await page.locator('main button[type=submit]').click();
	await expect(page.locator('.nhsuk-error-summary')).toContainText(en.booking.errors.dayMissing);
	await expectAccessible(page);
	await page.locator('input[name=day]').first().check();
	await page.locator('main button[type=submit]').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.timeTitle);
	await expectAccessible(page);
	await page.locator('input[name=slot]').first().check();
	await page.locator('main button[type=submit]').click();

	await expect(page.locator('main')).toContainText(en.appointments.changedNotice);
	await expect(page.locator('dd bdi')).toHaveText(reference);
	expect(await page.locator('dd').first().innerText()).not.toBe(before);
	await expectAccessible(page);
});
