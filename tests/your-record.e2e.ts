// A resident whose account is not linked to a record yet: never "Page not found", but the ways to
// their record; find my record with a code sent to a contact the record holds (read, as the demo
// shows it, from the outbox), wrong, old and earlier codes refused, a match and no match alike;
// and staff or a link worker linking an account in person, which the resident's activity log shows.
import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import {
	expect,
	expectAccessible,
	fillDate,
	latestCodeTo,
	signIn,
	test,
	useLanguage
} from './fixtures';
import { e2eDatabase, nhsLoginIssuer } from './playwright.config';
import { anAccountLike } from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'forms need no JavaScript');

/** The run's database, as the server writes it (written to here only to set up and to age a code). */
function database(): Database.Database {
	return new Database(e2eDatabase, { fileMustExist: true });
}

/** A resident's account with no record, of this test alone: a patient's, with the demo password. */
async function anUnlinkedAccount(name: string): Promise<string> {
	const email = `${name}-${Date.now()}-${randomInt(1e6)}@example.org`;
	await anAccountLike('patient@example.org', email);
	return email;
}

type Record = {
	id: number;
	givenName: string;
	familyName: string;
	dateOfBirth: string;
	postcode: string;
	mobile: string;
};

/**
 * A record in the register, with a mobile the GP practice holds and details no other record has,
 * and one appointment booked at the practice.
 */
function aRecord(givenName: string): Record {
	const unique = randomInt(1e8);
	const record = {
		givenName,
		familyName: `Record${unique}`,
		dateOfBirth: `19${String(40 + (unique % 50))}-0${1 + (unique % 9)}-1${unique % 10}`,
		postcode: 'E20 1QP',
		mobile: `+447700${String(900000 + (unique % 100000)).padStart(6, '0')}`
	};
	const db = database();
	try {
		const id = Number(
			db
				.prepare(
					`INSERT INTO patients (given_name, family_name, date_of_birth, postcode, mobile)
					 VALUES (?, ?, ?, ?, ?)`
				)
				.run(
					record.givenName,
					record.familyName,
					record.dateOfBirth,
					record.postcode,
					record.mobile
				).lastInsertRowid
		);
		const place = db
			.prepare(
				`SELECT services.id AS serviceId, locations.id AS locationId FROM services
				 JOIN locations ON locations.organisation_id = services.organisation_id
				 WHERE services.name = 'Practice nurse' LIMIT 1`
			)
			.get() as { serviceId: number; locationId: number };
		const startsAt = Date.now() + (20 + (unique % 30)) * 24 * 60 * 60 * 1000;
		const slot = db
			.prepare(
				`INSERT INTO slots (service_id, location_id, mode, starts_at, ends_at)
				 VALUES (?, ?, 'in_person', ?, ?)`
			)
			.run(place.serviceId, place.locationId, startsAt, startsAt + 15 * 60 * 1000);
		db.prepare(
			`INSERT INTO appointments (reference, patient_id, slot_id, booked_via)
			 VALUES (?, ?, ?, 'staff')`
		).run(`R${unique}`, id, Number(slot.lastInsertRowid));
		return { id, ...record };
	} finally {
		db.close();
	}
}

async function submit(page: Page): Promise<void> {
	await page.locator('main button[type=submit]').click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

async function expectError(page: Page, message: string): Promise<void> {
	await expect(page.locator('.nhsuk-error-summary')).toContainText(message);
	await expect(page).toHaveTitle(/^Error: /);
}

/** Asks for a code with these details, from the find my record page. */
async function findMyRecord(page: Page, details: Omit<Record, 'id' | 'mobile'>): Promise<void> {
	await page.goto('/your-record/find');
	await expectAccessible(page);
	await page.getByLabel(en.assist.givenName).fill(details.givenName);
	await page.getByLabel(en.assist.familyName).fill(details.familyName);
	await fillDate(page, en.assist.dateOfBirth, details.dateOfBirth);
	await page.getByLabel(en.assist.postcode).fill(details.postcode);
	await submit(page);
	await page.waitForURL('/your-record/code');
}

async function signOut(page: Page): Promise<void> {
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
}

async function enterCode(page: Page, code: string): Promise<void> {
	await page.getByLabel(en.yourRecord.codeLabel).fill(code);
	await submit(page);
}

test('an unlinked account is shown the ways to its record, never "Page not found"', async ({
	page
}) => {
	await signIn(page, await anUnlinkedAccount('stuck'));
	// Home offers the routes in place of a dead end.
	const routes = page.locator('main .nhsuk-inset-text', { hasText: en.yourRecord.homeBody });
	await expect(routes).toBeVisible();
	await expect(routes.getByRole('link', { name: en.yourRecord.findLink })).toHaveAttribute(
		'href',
		'/your-record/find'
	);
	await expect(routes.getByRole('link', { name: en.yourRecord.contactLink })).toHaveAttribute(
		'href',
		'/contact'
	);
	await routes.getByRole('link', { name: en.yourRecord.inPersonHeading }).click();
	await expectAccessible(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.yourRecord.title);
	// Help in person names real places, with their phone numbers.
	await expect(page.locator('main')).toContainText('Eastmere Community Hub at the Library');
	await expect(page.locator('main')).toContainText('Eastmere Health Centre');
	await expect(page.getByRole('link', { name: en.yourRecord.findLink })).toBeVisible();

	for (const from of ['/appointments', '/appointments/book', '/care-plans', '/activity']) {
		const response = await page.goto(from);
		await expectAccessible(page);
		expect(response?.status(), from).toBe(200);
		expect(new URL(page.url()).pathname, from).toBe('/your-record');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.yourRecord.title);
	}
});

test('in Arabic, the ways to a record and the find my record form, with its errors', async ({
	page
}) => {
	await useLanguage(page, 'ar');
	await signIn(page, await anUnlinkedAccount('arabic'));
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.yourRecord.title);
	await page.getByRole('link', { name: ar.yourRecord.findLink }).click();
	await expectAccessible(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.yourRecord.findTitle);
	await page.getByLabel(ar.assist.nhsNumber).fill('943 476 5918');
	await submit(page);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.yourRecord.errors.givenName);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.yourRecord.errors.dateOfBirth.missing
	);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(ar.assist.errors.nhsNumber);
	await page.goto('/your-record/code');
	await expectAccessible(page);
	await submit(page);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.yourRecord.errors.codeMissing
	);
});

test('find my record: the code sent to the mobile the record holds links the account', async ({
	page
}) => {
	const record = aRecord('Nadia');
	await signIn(page, await anUnlinkedAccount('nadia'));
	await page.goto('/your-record');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.yourRecord.findLink }).click();
	await expectAccessible(page);
	await submit(page);
	await expectError(page, en.yourRecord.errors.givenName);
	await findMyRecord(page, record);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.yourRecord.codeTitle);
	await expect(page.locator('main')).toContainText(en.yourRecord.codeSent);

	await enterCode(page, await latestCodeTo(record.mobile, 'account.record_code'));
	await expect(page).toHaveURL('/your-record/linked');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.yourRecord.linkedTitle);
	// Their record's pages work at once: their appointment is there.
	await page.getByRole('link', { name: en.home.appointmentsLink }).click();
	await expectAccessible(page);
	await expect(page).toHaveURL('/appointments');
	await expect(page.locator('main')).toContainText('Practice nurse');
	await page.goto('/care-plans');
	await expectAccessible(page);
	await expect(page).toHaveURL('/care-plans');
	// Linked, there is nothing more to find.
	await page.goto('/your-record');
	await expectAccessible(page);
	await expect(page).toHaveURL('/');
});

test('wrong, expired and replaced codes are refused and change nothing', async ({ page }) => {
	const record = aRecord('Omar');
	const email = await anUnlinkedAccount('omar');
	await signIn(page, email);
	await findMyRecord(page, record);
	const expired = await latestCodeTo(record.mobile, 'account.record_code');

	await enterCode(page, '1234');
	await expectError(page, en.yourRecord.errors.codeInvalid);
	await enterCode(page, expired === '0000 0000' ? '1111 1111' : '0000 0000');
	await expectError(page, en.yourRecord.errors.codeWrong);

	const db = database();
	try {
		db.prepare(
			`UPDATE record_link_codes SET expires_at = ?
			 WHERE user_id = (SELECT id FROM users WHERE email = ?)`
		).run(Date.now() - 1000, email);
	} finally {
		db.close();
	}
	await enterCode(page, expired);
	await expectError(page, en.yourRecord.errors.codeWrong);

	// A new code replaces the one before it.
	await findMyRecord(page, record);
	const earlier = await latestCodeTo(record.mobile, 'account.record_code');
	await findMyRecord(page, record);
	const latest = await latestCodeTo(record.mobile, 'account.record_code');
	expect(latest).not.toBe(earlier);
	await enterCode(page, earlier);
	await expectError(page, en.yourRecord.errors.codeWrong);
	// None of these changed anything: the record's pages are still closed.
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(page).toHaveURL('/your-record');
	await page.goto('/your-record/code');
	await expectAccessible(page);
	await enterCode(page, latest);
	await expect(page).toHaveURL('/your-record/linked');
});

test('a match and no match look the same to the person', async ({ page }) => {
	const record = aRecord('Priya');
	const seen = async (email: string, details: Omit<Record, 'id' | 'mobile'>) => {
		await signIn(page, email);
		await findMyRecord(page, details);
		const shown = {
			url: page.url(),
			title: await page.title(),
			heading: await page.getByRole('heading', { level: 1 }).innerText(),
			body: await page.locator('main').innerText()
		};
		await signOut(page);
		return shown;
	};
	const match = await seen(await anUnlinkedAccount('priya'), record);
	const none = await seen(await anUnlinkedAccount('nobody'), { ...record, givenName: 'Nobody' });
	expect(none).toEqual(match);
	expect(match.heading).toBe(en.yourRecord.codeTitle);
});

for (const [who, like, organisation] of [
	['staff link', 'staff@example.org', 'Eastmere Health Centre'],
	['a link worker links', 'linkworker@example.org', 'Eastmere Community Hub']
] as const) {
	test(`${who} a resident’s account in person, and the resident’s activity log says so`, async ({
		page
	}) => {
		const record = aRecord('Rosa');
		const resident = await anUnlinkedAccount('rosa');
		const staff = `in-person-link-${Date.now()}-${randomInt(1e6)}@example.org`;
		await anAccountLike(like, staff);
		await signIn(page, staff);
		await page.goto('/assist');
		await expectAccessible(page);
		await page.getByLabel(en.assist.givenName).fill(record.givenName);
		await page.getByLabel(en.assist.familyName).fill(record.familyName);
		await fillDate(page, en.assist.dateOfBirth, record.dateOfBirth);
		await page.getByLabel(en.assist.postcode).fill(record.postcode);
		await submit(page);
		const name = `${record.givenName} ${record.familyName}`;
		const title = en.assist.linkTitle.replace('{{name}}', name);
		await page.getByRole('link', { name: title }).click();
		await expectAccessible(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

		await submit(page);
		await expectError(page, en.people.errors.identifierMissing);
		await expect(page.locator('.nhsuk-error-summary')).toContainText(en.inPerson.errors.checks);
		// An address that is no resident's unlinked account: one answer, not saying which.
		await page.getByLabel(en.assist.linkIdentifierLabel).fill('nobody-here@example.org');
		await page.getByLabel(en.inPerson.checksLabel).fill('Saw her passport');
		await submit(page);
		await expectError(page, en.assist.errors.linkRefused);
		await page.getByLabel(en.assist.linkIdentifierLabel).fill(resident);
		await page.getByLabel(en.inPerson.checksLabel).fill('Saw her passport and a practice letter');
		await submit(page);
		await expect(page).toHaveURL('/assist/link/linked');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			en.assist.linkedTitle.replace('{{name}}', name)
		);
		// Linked once: the same again is refused with the same words.
		await page.goto('/assist/link');
		await expectAccessible(page);
		await page.getByLabel(en.assist.linkIdentifierLabel).fill(resident);
		await page.getByLabel(en.inPerson.checksLabel).fill('Again');
		await submit(page);
		await expectError(page, en.assist.errors.linkRefused);

		// The resident, signed in on the same device afterwards.
		await signOut(page);
		await signIn(page, resident);
		await page.goto('/activity');
		await expectAccessible(page);
		const line = page.locator('main li', {
			hasText: en.activity.actions['account.linked_in_person']
		});
		await expect(line).toContainText(
			en.activity.by.staff.replace('{{organisation}}', organisation)
		);
		await page.goto('/appointments');
		await expectAccessible(page);
		await expect(page.locator('main')).toContainText('Practice nurse');
	});
}

test('a P0 NHS login finds its record with a code, then reaches appointments and care plans', async ({
	page
}) => {
	const record = aRecord('Pema');
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.signIn.nhsLogin.button }).click();
	// At the local provider: someone NHS login could not prove (P0), with the record's details.
	await page.waitForURL((url) => url.origin === nhsLoginIssuer);
	await expectAccessible(page);
	await page.getByLabel('Someone else').check();
	await page.getByLabel('First name').fill(record.givenName);
	await page.getByLabel('Last name').fill(record.familyName);
	await page.getByLabel('Date of birth').fill(record.dateOfBirth);
	// P0 sends no NHS number on, whatever the provider holds.
	await page.getByLabel('NHS number').fill('9000000009');
	await page.getByLabel('Identity proofing level').fill('P0');
	await page.getByRole('button', { name: 'Continue' }).click();
	// A P0 login is never linked on its word: it is shown the ways to its record.
	await page.waitForURL((url) => url.origin !== nhsLoginIssuer);
	await expect(page).toHaveURL('/your-record');
	await expectAccessible(page);

	await findMyRecord(page, record);
	await enterCode(page, await latestCodeTo(record.mobile, 'account.record_code'));
	await expect(page).toHaveURL('/your-record/linked');
	await expectAccessible(page);
	await page.goto('/appointments');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText('Practice nurse');
	// The code to the record's own mobile proved the record: no step-up to P9 for care plans.
	await page.goto('/care-plans');
	await expect(page).toHaveURL('/care-plans');
	await expectAccessible(page);
});
