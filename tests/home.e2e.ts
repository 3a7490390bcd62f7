// The home page says whose care is being managed, as the banner above it does: a link worker
// helping a resident in person, and someone acting for a resident, are greeted as themselves and
// told whose care it is, never "Hello, <the resident>… You are managing your own care".
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test, registerAccount } from './fixtures';

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('the home page greets whoever is signed in and names whose care they manage', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'one new resident is enough: JavaScript off');
	test.setTimeout(180_000);
	const main = page.locator('main');
	const heading = page.getByRole('heading', { level: 1 });
	const name = 'Efua Boateng';
	const carer = `efua-carer-${Date.now()}@example.org`;

	// A link worker registers Efua, who has no phone or email, and records her carer in person.
	await signIn(page, 'linkworker@example.org');
	await page.goto('/assist/register');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill('Efua');
	await page.getByLabel(en.assist.familyName).fill('Boateng');
	await fillDate(page, en.assist.dateOfBirth, '1948-03-12');
	await page.getByLabel(en.assist.postcode).fill('E13 9PJ');
	await page.getByLabel(en.assist.reachBy.link_worker).check();
	await submit(page, en.assist.registerSubmit);
	await expect(heading).toHaveText(en.assist.consentTitle.replace('{{name}}', name));
	await page.getByRole('link', { name: en.assist.recordLink.replace('{{name}}', name) }).click();
	await expectAccessible(page);
	await page.getByLabel(en.people.kinds.carer).check();
	await page.getByLabel(en.inPerson.identifierLabel).fill(carer);
	await page.getByLabel(en.people.permissions['care_plans.view']).check();
	await page.getByLabel(en.people.permissions['requests.make']).check();
	await page.getByLabel(en.inPerson.checksLabel).fill('Met her daughter with Efua at the hub');
	await page.getByLabel(en.inPerson.reasonLabel).fill('Efua asked for her daughter to help');
	const inAYear = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
	await page.getByLabel(en.inPerson.reviewOnLabel).fill(inAYear.toISOString().slice(0, 10));
	await submit(page, en.inPerson.submit);
	await expect(heading).toHaveText(en.inPerson.recordedTitle);
	const code = (await page.locator('.nhsuk-panel__body bdi').innerText()).trim();

	// Helping Efua in person, the link worker's home page says so under the banner.
	await page.goto('/assist/consent');
	await expectAccessible(page);
	await page.getByLabel(en.assist.methods.in_person_verbal).check();
	await page.getByLabel(en.assist.consentPlace).fill('Eastmere Community Hub');
	await submit(page, en.assist.startSubmit);
	const assisting = page.getByRole('region', { name: en.assist.regionLabel });
	await expect(assisting).toContainText(name);
	await page.goto('/');
	await expectAccessible(page);
	await expect(heading).toHaveText(en.home.signedInTitleNoName);
	// Greeted once, and told once who is signed in, their role in the same sentence.
	await expect(main).toContainText(
		en.home.linkWorkerRole.replace('{{identifier}}', 'linkworker@example.org')
	);
	const everything = await page.locator('body').innerText();
	expect(everything.match(/Hello/g)).toHaveLength(1);
	expect(everything.match(/You are signed in as/g)).toHaveLength(1);
	await expect(main).toContainText(en.home.helpingResident.replace('{{name}}', name));
	await expect(main).not.toContainText(en.home.ownCare);
	await assisting.getByRole('button', { name: en.assist.end }).click();
	await expectAccessible(page);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	// Her carer makes an account, accepts with the code and manages Efua's care.
	await registerAccount(page, carer, 'purple kettle harbour');
	await page.goto('/people/accept');
	await expectAccessible(page);
	await page.getByLabel(en.people.codeLabel).fill(code);
	await submit(page, en.people.acceptSubmit);
	await expect(page.getByRole('status')).toHaveText(en.people.notices.accepted);
	// Before choosing, the home page is her own: she has no record of her own, and is shown how to
	// reach it.
	await page.goto('/');
	await expectAccessible(page);
	await expect(heading).toHaveText(en.home.signedInTitleNoName);
	await expect(main).toContainText(en.yourRecord.homeBody);
	await page.getByRole('link', { name: en.home.actForLink }).click();
	await expectAccessible(page);
	await page.getByLabel(name).check();
	await submit(page, en.booking.continue);
	const banner = page.getByRole('region', { name: en.actingFor.regionLabel });
	await expect(banner).toContainText(en.actingFor.banner.replace('{{name}}', name));

	await page.goto('/');
	await expectAccessible(page);
	await expect(banner).toContainText(name);
	await expect(heading).toHaveText(en.home.signedInTitleNoName);
	await expect(main).toContainText(en.home.managingCareFor.replace('{{name}}', name));
	await expect(main).not.toContainText(en.home.ownCare);
	await expect(main).not.toContainText(en.yourRecord.homeBody);
	await expect(
		main.getByRole('link', { name: en.home.appointmentsLinkFor.replace('{{name}}', name) })
	).toBeVisible();
	await expect(
		main.getByRole('link', { name: en.contact.requestsTitleFor.replace('{{name}}', name) })
	).toBeVisible();
	await expect(main.getByRole('link', { name: en.home.actForLink })).toBeVisible();

	// Headings say whose care the page is about, and the title names her once.
	for (const [path, title] of [
		['/appointments', en.appointments.titleFor],
		['/care-plans', en.carePlans.titleFor],
		['/requests', en.contact.requestsTitleFor],
		['/people', en.people.titleFor]
	] as const) {
		await page.goto(path);
		await expectAccessible(page);
		await expect(heading).toHaveText(title.replace('{{name}}', name));
		await expect(page).toHaveTitle(`${title.replace('{{name}}', name)} – Joined Up`);
	}
	// Who acts for Efua is hers alone to see: the page says so, and lists only whom the carer helps.
	await expect(main).toContainText(en.people.onlyTheyManage.replace('{{name}}', name));
	// Her requests, none yet, are spoken of as hers.
	await page.goto('/requests');
	await expectAccessible(page);
	await expect(main).toContainText(en.contact.requestsNoneFor.replace('{{name}}', name));
});
