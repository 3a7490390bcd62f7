// Services with a sensitivity label: a mental health appointment is on the patient's own home
// page and list, and nowhere for someone acting for them who was allowed general care plans only,
// not even by its address. The patient reads, beside that person, what they cannot see. The
// patient and the carer are this test's own, so no demo person's care changes.
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aResident, anAccount, anAppointment } from './factories';
import { expect, expectAccessible, signIn, test } from './fixtures';

const mentalHealth = 'Community mental health team';
const password = 'purple kettle harbour';
/** The home page's line for the next appointment, as far as the service's name. */
const nextAppointment = (service: string) =>
	en.home.nextAppointment.replace('{{service}}, {{when}}', service);
/** The same line as someone acting for the patient reads it. */
const nextAppointmentFor = (name: string, service: string) =>
	en.home.nextAppointmentFor.replace('{{name}}', name).replace('{{service}}, {{when}}', service);

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);
}

// Hazard H-007: a carer seeing what a sensitivity label hides.
test("a mental health appointment is on the patient's home page and list, never a general carer's", async ({
	page
}) => {
	test.setTimeout(180_000);
	const carer = `general-carer-${Date.now()}@example.org`;
	await anAccount({ email: carer, password });
	// A patient who, as Daniel does, has physiotherapy some weeks ahead.
	const daniel = await aResident({ givenName: 'Daniel' });
	await anAppointment(daniel, 'Physiotherapy', { fromDays: 21 });

	// He invites them to see and manage his appointments and read his general care plans.
	await signIn(page, daniel.email);
	await page.goto('/people/invite');
	await expectAccessible(page);
	await page.getByLabel(en.people.identifierLabel).fill(carer);
	await page.getByLabel(en.people.permissions['appointments.manage']).check();
	await page.getByLabel(en.people.permissions['care_plans.view']).check();
	await expect(page.getByLabel(en.people.labels.general)).toBeChecked();
	await expect(page.getByLabel(en.people.labels.mental_health)).not.toBeChecked();
	await submit(page, en.people.inviteSubmit);
	const code = (await page.locator('.nhsuk-panel__body bdi').innerText()).trim();

	// He books the community mental health team's first free time: his next appointment.
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel(mentalHealth).check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.appointments.modes.in_person).check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=location]').first().check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=day]').first().check();
	await submit(page, en.booking.continue);
	await page.locator('input[name=slot]').first().check();
	await submit(page, en.booking.continue);
	await submit(page, en.booking.continue);
	await submit(page, en.booking.submit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	const appointment = new URL(page.url()).pathname.replace('/confirmation', '');

	await page.goto('/');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(nextAppointment(mentalHealth));
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(mentalHealth);
	await expect(page.locator(`main a[href="${appointment}"]`)).toHaveCount(1);

	// Beside the person he invited, what they cannot see.
	await page.goto('/people');
	await expectAccessible(page);
	const invited = page.locator('.joined-up-people > li', { hasText: carer });
	await expect(invited).toContainText(en.people.cannotSee);
	await expect(invited).toContainText(en.people.hidden.mental_health);
	await expect(invited).toContainText(en.people.hidden.social_care);
	await signOut(page);

	// The carer accepts and manages Daniel's care: his other appointments, never that one.
	await signIn(page, carer, password);
	await page.goto('/people/accept');
	await expectAccessible(page);
	await page.getByLabel(en.people.codeLabel).fill(code);
	await submit(page, en.people.acceptSubmit);
	await page.goto('/act-for');
	await expectAccessible(page);
	await page.getByLabel(daniel.name).check();
	await submit(page, en.booking.continue);
	await expect(page.getByRole('region', { name: en.actingFor.regionLabel })).toContainText(
		daniel.name
	);
	await page.goto('/');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(
		nextAppointmentFor(daniel.name, 'Physiotherapy')
	);
	await expect(page.locator('main')).not.toContainText(mentalHealth);
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText('Physiotherapy');
	await expect(page.locator('main')).not.toContainText(mentalHealth);
	await expect(page.locator(`main a[href="${appointment}"]`)).toHaveCount(0);
	for (const path of [appointment, `${appointment}/cancel`, `${appointment}/change`]) {
		expect((await page.goto(path))?.status(), path).toBe(404);
		await expectAccessible(page);
		await expect(page.locator('main')).not.toContainText(mentalHealth);
	}
	expect((await page.request.get(`${appointment}/calendar.ics`)).status()).toBe(404);
	// Nor is the service offered to book for him.
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText('Physiotherapy');
	await expect(page.getByLabel(mentalHealth)).toHaveCount(0);
	await signOut(page);
});
