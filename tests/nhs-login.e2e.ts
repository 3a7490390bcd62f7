// NHS login with JavaScript off, through the local provider's real redirects (nhs-login-provider/,
// started beside the app by playwright.config.ts): a P9 resident reaches her appointments; a P5
// resident books, is stepped up at care plans and comes back to them; a carer whose password
// account is linked to their record comes in through NHS login and still acts for the person
// they care for; a forged, replayed or refused sign-in gets a translated page and changes nothing.
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { anNhsNumber } from './factories';
import { expect, expectAccessible, test, useLanguage } from './fixtures';
import { e2eDatabase, nhsLoginIssuer } from './playwright.config';

type Person = { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string };

function aPerson(givenName: string): Person {
	const nhsNumber = anNhsNumber();
	return {
		givenName,
		familyName: `Test${nhsNumber.slice(-4)}`,
		dateOfBirth: '1980-05-17',
		nhsNumber
	};
}

/** Runs `work` against the run's database, as the test's own setup. */
function inDatabase<T>(work: (db: Database.Database) => T): T {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		return work(db);
	} finally {
		db.close();
	}
}

/** A record in the register, with no account. */
function aRecord(person: Person): number {
	return inDatabase((db) =>
		Number(
			db
				.prepare(
					`INSERT INTO patients (given_name, family_name, date_of_birth, postcode, nhs_number)
					 VALUES (?, ?, ?, 'E20 1AA', ?)`
				)
				.run(person.givenName, person.familyName, person.dateOfBirth, person.nhsNumber)
				.lastInsertRowid
		)
	);
}

/** On the provider's page: signs in as a listed test person, or one typed in. */
async function atNhsLogin(
	page: Page,
	who: { listed: string } | { typed: Person; level: 'P0' | 'P5' | 'P9' }
): Promise<void> {
	await page.waitForURL((url) => url.origin === nhsLoginIssuer);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a test person');
	await expectAccessible(page);
	if ('listed' in who) {
		await page.getByLabel(who.listed).check();
	} else {
		await page.getByLabel('Someone else').check();
		await page.getByLabel('First name').fill(who.typed.givenName);
		await page.getByLabel('Last name').fill(who.typed.familyName);
		await page.getByLabel('Date of birth').fill(who.typed.dateOfBirth);
		await page.getByLabel('NHS number').fill(who.typed.nhsNumber);
		await page.getByLabel('Identity proofing level').fill(who.level);
	}
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL((url) => url.origin !== nhsLoginIssuer);
	await expectAccessible(page);
}

async function continueWithNhsLogin(page: Page, t: typeof en = en): Promise<void> {
	await page.getByRole('link', { name: t.signIn.nhsLogin.button }).click();
}

test('Hodan, proved to P9, comes in through NHS login and sees her appointments', async ({
	page
}) => {
	await page.goto('/sign-in?returnTo=/appointments');
	await expectAccessible(page);
	await continueWithNhsLogin(page);
	await atNhsLogin(page, { listed: 'Hodan Warsame (P9, in the register)' });
	// Linked to her record at once, and back where she was going.
	await expect(page).toHaveURL(/\/appointments$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.appointments.title);
	// Her appointment, booked by the practice, is there.
	await expect(page.locator('main')).toContainText('GP appointment');

	await page.goto('/activity');
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(en.activity.actions['account.linked_nhs_login']);
	// At P9, care plans open without asking again.
	await page.goto('/care-plans');
	await expect(page).toHaveURL(/\/care-plans$/);
	await expectAccessible(page);
});

test('a P5 resident books, then proves who they are to P9 at care plans and comes back to them', async ({
	page
}) => {
	test.setTimeout(180_000);
	const person = aPerson('Adaeze');
	aRecord(person);
	await page.goto('/register');
	await expectAccessible(page);
	await continueWithNhsLogin(page);
	await atNhsLogin(page, { typed: person, level: 'P5' });
	await expect(page).toHaveURL(/\/$/);

	// P5 is enough to book.
	await page.goto('/appointments/book');
	await expectAccessible(page);
	const continueOn = async () => {
		await page.getByRole('button', { name: en.booking.continue }).click();
		await page.waitForLoadState('load');
		await expectAccessible(page);
	};
	await page.getByLabel('Practice nurse').check();
	await continueOn();
	await page.getByLabel(en.appointments.modes.phone).check();
	await continueOn();
	// Three weeks on, away from other tests' bookings, on a day and time of its own.
	for (let week = 0; week < 3; week++) {
		await page.getByRole('link', { name: en.booking.nextWeek }).click();
		await expectAccessible(page);
	}
	const days = page.locator('input[name=day]');
	await days.nth(Math.floor(Math.random() * (await days.count()))).check();
	await continueOn();
	const slots = page.locator('input[name=slot]');
	await slots.nth(Math.floor(Math.random() * (await slots.count()))).check();
	await continueOn();
	await continueOn();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await page.getByRole('button', { name: en.booking.submit }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	await expectAccessible(page);

	// Care plans ask for P9: NHS login is asked for it, and they come back to the plans.
	await page.goto('/care-plans');
	await expect(page.locator('main')).toContainText('P9.Cp.Cd');
	await atNhsLogin(page, { typed: person, level: 'P9' });
	await expect(page).toHaveURL(/\/care-plans$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.carePlans.title);
	// The session is at P9 now: no more asking.
	await page.goto('/care-plans');
	await expect(page).toHaveURL(/\/care-plans$/);
	await expectAccessible(page);
});

test('a carer with a password account comes in through NHS login and still acts for the person they care for', async ({
	page
}) => {
	const carer = aPerson('Kwame');
	const caredFor = aPerson('Efua');
	const email = `kwame-${carer.nhsNumber}@example.org`;
	const carerUserId = inDatabase((db) => {
		const carerRecord = aRecord(carer);
		const caredForRecord = aRecord(caredFor);
		const userId = Number(
			db
				.prepare(
					`INSERT INTO users (email, password_hash, role, patient_id)
					 SELECT ?, password_hash, 'patient', ? FROM users WHERE email = 'carer@example.org'`
				)
				.run(email, carerRecord).lastInsertRowid
		);
		db.prepare(
			`INSERT INTO proxy_relationships
			 (patient_id, proxy_user_id, status, permissions, care_plan_labels, created_by_user_id, accepted_at)
			 VALUES (?, ?, 'active', '["appointments.view","appointments.manage"]', '["general"]', ?, ?)`
		).run(caredForRecord, userId, userId, Date.now());
		return userId;
	});

	await page.goto('/sign-in');
	await expectAccessible(page);
	await continueWithNhsLogin(page);
	await atNhsLogin(page, { typed: carer, level: 'P9' });
	await page.goto('/act-for');
	await expectAccessible(page);
	await page.getByLabel(`${caredFor.givenName} ${caredFor.familyName}`).check();
	await page.getByRole('button', { name: en.actFor.submit }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
	await expect(page.locator('body')).toContainText(`${caredFor.givenName} ${caredFor.familyName}`);
	// The same account, now also signed in to through NHS login; no second account was made.
	const accounts = inDatabase((db) =>
		db
			.prepare(
				`SELECT id, nhs_login_sub AS sub FROM users WHERE patient_id = (
				SELECT id FROM patients WHERE nhs_number = ?)`
			)
			.all(carer.nhsNumber)
	) as { id: number; sub: string | null }[];
	expect(accounts).toEqual([{ id: carerUserId, sub: expect.stringMatching(/^typed-/) }]);
});

test('a forged, replayed or refused NHS login gets a translated page and signs nobody in', async ({
	page
}) => {
	// No sign-in under way here: a callback with a made-up code and state.
	await page.goto('/sign-in/nhs-login/callback?code=made-up&state=made-up');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.signIn.nhsLogin.problemTitle);
	await expect(page.locator('main')).toContainText(en.signIn.nhsLogin.problems.no_attempt);
	await expectAccessible(page);

	// A sign-in under way, sent back with a state of someone else's making.
	await page.goto('/sign-in/nhs-login');
	await page.waitForURL((url) => url.origin === nhsLoginIssuer);
	await expectAccessible(page);
	const forged = await page.request.get('/sign-in/nhs-login/callback?code=x&state=forged', {
		maxRedirects: 0
	});
	expect(forged.status()).toBe(400);

	// A real answer from NHS login, used twice: the second time is refused.
	await page.goto('/sign-in/nhs-login');
	await page.waitForURL((url) => url.origin === nhsLoginIssuer);
	await expectAccessible(page);
	const callbacks: string[] = [];
	page.on('request', (request) => {
		if (request.url().includes('/sign-in/nhs-login/callback')) callbacks.push(request.url());
	});
	await page.getByLabel('Alex Morgan (P0: email and phone only)').check();
	await page.getByRole('button', { name: 'Continue' }).click();
	await page.waitForURL((url) => url.origin !== nhsLoginIssuer);
	await expectAccessible(page);
	await page.context().clearCookies();
	await page.goto(callbacks[0]!);
	await expect(page.locator('main')).toContainText(en.signIn.nhsLogin.problems.no_attempt);
	await expectAccessible(page);
	await page.goto('/appointments');
	await expect(page).toHaveURL(/\/sign-in\?returnTo=/);
	await expectAccessible(page);

	// The person says no to sharing their details, in Arabic.
	await useLanguage(page, 'ar');
	await page.goto('/sign-in');
	await expectAccessible(page);
	await continueWithNhsLogin(page, ar as typeof en);
	await page.waitForURL((url) => url.origin === nhsLoginIssuer);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Do not share my details' }).click();
	await page.waitForURL((url) => url.origin !== nhsLoginIssuer);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.signIn.nhsLogin.problemTitle);
	await expect(page.locator('main')).toContainText(ar.signIn.nhsLogin.problems.cancelled);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectAccessible(page);
});

test('someone with no password confirms who they are through NHS login, not a password', async ({
	page
}) => {
	const person = aPerson('Leila');
	aRecord(person);
	await page.goto('/sign-in');
	await expectAccessible(page);
	await continueWithNhsLogin(page);
	await atNhsLogin(page, { typed: person, level: 'P9' });
	// Signed in 20 minutes ago, as far as the session knows.
	inDatabase((db) =>
		db
			.prepare(
				`UPDATE sessions SET password_given_at = ? WHERE user_id =
				 (SELECT id FROM users WHERE patient_id = (SELECT id FROM patients WHERE nhs_number = ?))`
			)
			.run(Date.now() - 20 * 60 * 1000, person.nhsNumber)
	);
	await page.goto('/settings/communication-needs');
	await atNhsLogin(page, { typed: person, level: 'P9' });
	await expect(page).toHaveURL(/\/settings\/communication-needs$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.communicationNeeds.title);
});

test('P5 and P9 residents, over their own pages, another’s, and areas they never enter', async ({
	page
}) => {
	// [path, a P5 resident's answer, a P9 resident's answer]; 'P9' is a step-up to NHS login.
	// Grace's first care plan (1) and upcoming appointment (2) are another person's care.
	const matrix: [path: string, p5: number | 'P9', p9: number][] = [
		['/', 200, 200],
		['/appointments', 200, 200],
		['/appointments/book', 200, 200],
		['/appointments/2', 404, 404],
		['/contact', 200, 200],
		['/activity', 200, 200],
		['/settings/communication-needs', 200, 200],
		['/care-plans', 'P9', 200],
		['/care-plans/1', 'P9', 404],
		['/assist', 403, 403],
		['/staff/care-plans', 403, 403]
	];
	for (const level of ['P5', 'P9'] as const) {
		const person = aPerson(`Matrix${level}`);
		aRecord(person);
		await page.context().clearCookies();
		await page.goto('/sign-in');
		await expectAccessible(page);
		await continueWithNhsLogin(page);
		await atNhsLogin(page, { typed: person, level });
		for (const [path, p5, p9] of matrix) {
			const expected = level === 'P5' ? p5 : p9;
			const answer = await page.request.get(path, { maxRedirects: 0 });
			if (expected === 'P9') {
				expect(answer.status(), `${level} ${path}`).toBe(303);
				expect(answer.headers().location, `${level} ${path}`).toBe(
					`/sign-in/nhs-login?${new URLSearchParams({ level: 'P9', returnTo: path })}`
				);
			} else {
				expect(answer.status(), `${level} ${path}`).toBe(expected);
			}
		}
	}
});
