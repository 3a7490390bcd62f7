// Download my data, with JavaScript off: a resident reads the summary of everything held about
// them from settings and downloads it as a FHIR Bundle holding their appointments and plans and
// nobody else's; someone acting for them, allowed general appointments only, reads and downloads
// only those (in Arabic, right to left); both downloads are in the resident's activity log.
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aProxyFor, aResident, anAppointment, carePlansLike } from './factories';
import { expect, expectAccessible, signIn, test, useLanguage } from './fixtures';

const diabetes = 'Living well with type 2 diabetes';
const wellbeing = 'Feeling better in yourself';
const mentalHealth = 'Community mental health team';

type Bundle = {
	resourceType: string;
	type: string;
	entry: { fullUrl: string; resource: { resourceType: string; id: string } }[];
};

/** Downloads the file from the summary's link, and reads it as the JSON it should be. */
async function download(page: Page, linkText: string) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: linkText }).click()
	]);
	expect(file.suggestedFilename()).toMatch(/^joined-up-\d{4}-\d{2}-\d{2}\.json$/);
	const path = await file.path();
	const { readFile } = await import('node:fs/promises');
	return JSON.parse(await readFile(path, 'utf8')) as Bundle;
}

const idsOf = (bundle: Bundle, type: string) =>
	bundle.entry
		.filter((entry) => entry.resource.resourceType === type)
		.map((entry) => Number(entry.resource.id));

// Hazard H-007: a carer seeing what a sensitivity label hides.
test('a resident reads and downloads their data, and someone acting for them only what they may see', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the pages are proved with JavaScript off');
	test.setTimeout(180_000);
	const ines = await aResident({ givenName: 'Ines' });
	const physio = await anAppointment(ines, 'Physiotherapy', { fromDays: 10 });
	const therapy = await anAppointment(ines, mentalHealth, { fromDays: 10 });
	const [diabetesPlan, wellbeingPlan] = await carePlansLike(ines, [diabetes, wellbeing]);
	const carer = await aProxyFor(ines, ['appointments.view'], ['general']);
	// Someone else, with their own appointment and plan, that must never appear.
	const other = await aResident({ givenName: 'Otto' });
	const othersAppointment = await anAppointment(other, 'Physiotherapy', { fromDays: 10 });
	const [othersPlan] = await carePlansLike(other, [diabetes]);

	await signIn(page, ines.email);
	await page.goto('/settings');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.settings.dataLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.settings.data.title);
	await expectAccessible(page);
	const main = page.locator('main');
	for (const heading of [
		en.settings.data.detailsHeading,
		en.settings.communicationNeeds,
		en.settings.data.appointmentsHeading,
		en.settings.data.carePlansHeading,
		en.settings.data.requestsHeading,
		en.settings.data.messagesHeading,
		en.settings.data.proxiesHeading,
		en.activity.title
	]) {
		await expect(main.getByRole('heading', { level: 2, name: heading })).toBeVisible();
	}
	await expect(main.getByRole('link', { name: diabetes })).toBeVisible();
	await expect(main.getByRole('link', { name: wellbeing })).toBeVisible();
	await expect(main).toContainText('Physiotherapy');
	await expect(main).toContainText(mentalHealth);
	await expect(main).toContainText(carer.email);
	await expect(main).not.toContainText(other.name);

	const own = await download(page, en.settings.data.download);
	expect(own).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
	expect(idsOf(own, 'Patient')).toEqual([ines.patientId]);
	expect(idsOf(own, 'Appointment').sort()).toEqual([physio.id, therapy.id].sort());
	expect(new Set(idsOf(own, 'CarePlan'))).toEqual(new Set([diabetesPlan, wellbeingPlan]));
	expect(idsOf(own, 'RelatedPerson')).toEqual([carer.relationshipId]);
	expect(idsOf(own, 'AuditEvent').length).toBeGreaterThan(0);
	expect(idsOf(own, 'Appointment')).not.toContain(othersAppointment.id);
	expect(idsOf(own, 'CarePlan')).not.toContain(othersPlan);
	expect(JSON.stringify(own)).not.toContain(other.familyName);

	// Her carer, allowed to see general appointments only, reading in Arabic.
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);
	await useLanguage(page, 'ar');
	await signIn(page, carer.email);
	await page.goto('/act-for');
	await expectAccessible(page);
	await page.getByLabel(ines.name).check();
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
	await page.goto('/settings');
	await expectAccessible(page);
	await page
		.getByRole('link', { name: ar.settings.dataLinkFor.replace('{{name}}', ines.name) })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		ar.settings.data.titleFor.replace('{{name}}', ines.name)
	);
	await expectAccessible(page);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(main.getByRole('heading', { level: 2 })).toHaveText([
		ar.settings.data.detailsHeading,
		ar.settings.data.appointmentsHeading,
		ar.settings.data.messagesHeading
	]);
	await expect(main).not.toContainText(mentalHealth);
	await expect(main).not.toContainText(diabetes);

	const theirs = await download(page, ar.settings.data.download);
	expect(idsOf(theirs, 'Appointment')).toEqual([physio.id]);
	for (const type of ['CarePlan', 'RelatedPerson', 'Consent', 'AuditEvent', 'ServiceRequest']) {
		expect([type, idsOf(theirs, type)]).toEqual([type, []]);
	}
	expect(JSON.stringify(theirs)).not.toContain(mentalHealth);

	// Both downloads are in her log, with who took them.
	await page.getByRole('button', { name: ar.header.signOut }).click();
	await expectAccessible(page);
	await useLanguage(page, 'en');
	await signIn(page, ines.email);
	// Asking whether the file is there takes no copy.
	expect((await page.request.head('/settings/download/fhir')).status()).toBe(200);
	await page.goto('/activity');
	await expectAccessible(page);
	const downloads = main.locator('li', { hasText: en.activity.actions['data.downloaded'] });
	await expect(downloads).toHaveCount(2);
	await expect(downloads.first()).toContainText(
		en.activity.by.proxy.replace('{{name}}', carer.email)
	);
	await expect(downloads.last()).toContainText(en.activity.by.self);
});
