// Nobody is stuck while unlinked, with JavaScript off: an account with no patient record yet asks
// to be seen, saying who it is first; it follows its request, hears about it at its own address,
// and staff find the record by exact details and match the request to it, which the patient's
// activity log then shows. "Who are you?" in Arabic too, with its errors.
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test, useLanguage } from './fixtures';
import { e2eDatabase } from './playwright.config';
import { anAccountLike } from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'proved with JavaScript off');

function withDatabase<T>(use: (db: Database.Database) => T): T {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		return use(db);
	} finally {
		db.close();
	}
}

/** A record in the register that no account is linked to, with details of its own. */
function aRecord(familyName: string): number {
	return withDatabase((db) =>
		Number(
			db
				.prepare(
					`INSERT INTO patients (given_name, family_name, date_of_birth, postcode)
					 VALUES ('Kwame', ?, '1985-04-12', 'E20 1QP')`
				)
				.run(familyName).lastInsertRowid
		)
	);
}

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('an account with no record asks to be seen; staff match the request to the record', async ({
	page
}) => {
	test.setTimeout(180_000);
	const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
	const familyName = `Mensah${run}`;
	const patientId = aRecord(familyName);
	const email = `unlinked-${run}@example.org`;
	const userId = await anAccountLike('patient@example.org', email);
	const staff = `staff-match-${run}@example.org`;
	await anAccountLike('staff@example.org', staff);
	const main = page.locator('main');
	const summary = page.locator('.nhsuk-error-summary');

	await signIn(page, email);
	// Asking starts with who they are.
	await page.goto('/contact');
	await expect(page).toHaveURL('/contact/identity');
	await expectAccessible(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.identityTitle);
	// Like every step of asking to be seen, it says where urgent help is.
	await expect(
		page.locator('main .nhsuk-inset-text', { hasText: en.common.urgentHelp })
	).toHaveCount(1);
	await submit(page, en.booking.continue);
	await expect(page).toHaveTitle(/^Error: /);
	await expect(summary).toContainText(en.contact.errors.identity.givenName);
	await expect(summary).toContainText(en.contact.errors.identity.dateOfBirth.missing);
	await page.getByLabel(en.assist.givenName).fill('Kwame');
	await page.getByLabel(en.assist.familyName).fill(familyName);
	await fillDate(page, en.assist.dateOfBirth, '1985-04-12');
	await page.getByLabel(en.assist.postcode).fill('e20 1qp');
	// An NHS number that fails its check is refused; it may be left out.
	await page.getByLabel(en.assist.nhsNumber).fill('943 476 5918');
	await submit(page, en.booking.continue);
	await expect(summary).toContainText(en.assist.errors.nhsNumber);
	await page.getByLabel(en.assist.nhsNumber).fill('');
	await submit(page, en.booking.continue);

	await expect(page).toHaveURL('/contact');
	await page.getByLabel(en.contact.topics.ongoing_condition).check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.contact.detailsLabel).fill('My asthma is worse at night.');
	await submit(page, en.booking.continue);
	// New to every service, so any may be asked.
	await page.getByLabel('Practice nurse').check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.contact.places.service).check();
	await submit(page, en.booking.continue);
	await page.getByLabel('Monday').check();
	await page.getByLabel(en.contact.dayParts.morning).check();
	await submit(page, en.booking.continue);
	// Reached at the account's own email address; no letter, nobody else. With no record, no
	// preference is claimed or chosen for it.
	await expect(page.locator('input[name=reachBy]:checked')).toHaveCount(0);
	await expect(page.getByLabel(en.communicationNeeds.reach.letter)).toHaveCount(0);
	await expect(page.locator('main')).toContainText(en.contact.reachHintNoPreference);
	await page.getByLabel(en.communicationNeeds.reach.email).check();
	await submit(page, en.booking.continue);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.checkTitle);
	await expect(main).toContainText(en.contact.check.identity);
	await expect(main).toContainText(`Kwame ${familyName}`);
	await expect(main).toContainText('E20 1QP');
	await expect(
		page.getByRole('link', { name: `${en.common.change} ${en.contact.check.identity}` })
	).toHaveAttribute('href', '/contact/identity');
	await submit(page, en.contact.send);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.sentTitle);
	const id = Number(/\/contact\/(\d+)\/sent$/.exec(page.url())![1]);
	await page.getByRole('link', { name: en.contact.sentFollow }).click();
	await expectAccessible(page);
	await expect(main).toContainText(en.contact.unmatchedNote);
	// Its own requests are listed for it, with their status, reached from the home page.
	await page.goto('/');
	await expectAccessible(page);
	await main.getByRole('link', { name: en.contact.requestsTitle }).click();
	await expectAccessible(page);
	await expect(page).toHaveURL('/requests');
	await expect(
		main.locator('li', { has: page.locator(`a[href="/contact/${id}"]`) }).locator('.nhsuk-tag')
	).toHaveText(en.contact.statuses.received);

	const saved = withDatabase(
		(db) =>
			db
				.prepare(
					'SELECT patient_id, made_by_user_id, made_via, stated_identity FROM contact_requests WHERE id = ?'
				)
				.get(id) as Record<string, unknown>
	);
	expect(saved).toMatchObject({ patient_id: null, made_by_user_id: userId, made_via: 'self' });
	expect(JSON.parse(saved.stated_identity as string)).toEqual({
		givenName: 'Kwame',
		familyName,
		dateOfBirth: '1985-04-12',
		postcode: 'E20 1QP',
		nhsNumber: null
	});
	const told = withDatabase((db) =>
		db.prepare('SELECT kind, patient_id FROM outbox WHERE recipient = ? ORDER BY id').all(email)
	);
	expect(told).toEqual([{ kind: 'request.received', patient_id: null }]);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	// Staff see it as not matched, find the record by exact details and match it.
	await signIn(page, staff);
	await page.goto(`/staff/requests/${id}`);
	await expectAccessible(page);
	await expect(main).toContainText(staffEn.requests.unmatched.heading);
	await expect(main).toContainText(familyName);
	await expect(page.getByRole('link', { name: staffEn.requests.arrangeLink })).toHaveCount(0);
	await expect(main).toContainText(staffEn.requests.unmatched.arrangeNeedsMatch);
	// A wrong date of birth finds nobody, and counts as a search.
	await fillDate(page, en.assist.dateOfBirth, '1985-04-13');
	await submit(page, staffEn.requests.unmatched.findSubmit);
	await expect(summary).toContainText(staffEn.requests.errors.notFound);
	await fillDate(page, en.assist.dateOfBirth, '1985-04-12');
	await submit(page, staffEn.requests.unmatched.findSubmit);
	await expect(main).toContainText(
		staffEn.requests.unmatched.found
			.replace('{{name}}', `Kwame ${familyName}`)
			.replace('{{date}}', 'Friday 12 April 1985')
	);
	await submit(page, staffEn.requests.unmatched.matchSubmit);
	await expect(main).not.toContainText(staffEn.requests.unmatched.heading);
	await expect(page.getByRole('link', { name: staffEn.requests.arrangeLink })).toBeVisible();
	const searches = withDatabase((db) =>
		db
			.prepare(
				`SELECT s.reason FROM security_events s JOIN users u ON u.id = s.user_id
				 WHERE u.email = ? AND s.kind = 'resident_search'`
			)
			.all(staff)
	);
	expect(searches).toEqual([{ reason: 'staff_match' }, { reason: 'staff_match' }]);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);

	// Once the account is linked to that record (as issue 19's other routes do), the person sees
	// the request as theirs, and the match in their activity log.
	withDatabase((db) =>
		db.prepare('UPDATE users SET patient_id = ? WHERE id = ?').run(patientId, userId)
	);
	await signIn(page, email);
	await page.goto('/activity');
	await expectAccessible(page);
	await expect(main).toContainText(
		en.activity.actions['request.matched'].replace(' (reference {{reference}})', '')
	);
	await page.goto(`/contact/${id}`);
	await expectAccessible(page);
	await expect(main).not.toContainText(en.contact.unmatchedNote);
});

test('"Who are you?" in Arabic, with its errors', async ({ page }) => {
	const run = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
	const email = `unlinked-ar-${run}@example.org`;
	await anAccountLike('patient@example.org', email);
	await useLanguage(page, 'ar');
	await signIn(page, email);
	await page.goto('/contact/identity');
	await expectAccessible(page);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.contact.identityTitle);
	await submit(page, ar.booking.continue);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.contact.errors.identity.familyName
	);
	await page.getByLabel(ar.assist.givenName).fill('سمير');
	await page.getByLabel(ar.assist.familyName).fill('حداد');
	await fillDate(page, ar.assist.dateOfBirth, '1990-02-03');
	await page.getByLabel(ar.assist.postcode).fill('E20 1QP');
	await submit(page, ar.booking.continue);
	await expect(page).toHaveURL('/contact');
	// Back goes to who they are, whose answers are kept.
	await page.goto('/contact/identity');
	await expectAccessible(page);
	await expect(page.getByLabel(ar.assist.familyName)).toHaveValue('حداد');
});
