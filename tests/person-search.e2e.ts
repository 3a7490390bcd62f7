// No page says whether a person exists: registering a resident answers the same whether their
// NHS number is already here (with any date of birth) or not, and every search for a person by
// their details, by a link worker or by staff, counts against one allowance per account and is
// written to the security log. Each test makes its own accounts, so no limit reaches another.
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, fillDate, signIn, test } from './fixtures';
import { e2eDatabase } from './playwright.config';
import { anAccountLike, uniqueWord } from './factories';

function patientsWithNhsNumber(nhsNumber: string): number {
	const db = new Database(e2eDatabase, { readonly: true, fileMustExist: true });
	try {
		const row = db
			.prepare('SELECT count(*) AS count FROM patients WHERE nhs_number = ?')
			.get(nhsNumber.replaceAll(' ', '')) as { count: number };
		return row.count;
	} finally {
		db.close();
	}
}

/** A made-up NHS number that passes the modulus 11 check, and is nobody's yet. */
function aNewNhsNumber(): string {
	for (;;) {
		const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
		const sum = digits.reduce((total, digit, i) => total + digit * (10 - i), 0);
		const check = (11 - (sum % 11)) % 11;
		if (check === 10 || digits[0] === 0) continue;
		const number = [...digits, check].join('');
		if (patientsWithNhsNumber(number) === 0) {
			return `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`;
		}
	}
}

type Details = { givenName: string; familyName: string; dateOfBirth: string; postcode: string };

async function fillDetails(page: Page, details: Details) {
	await page.getByLabel(en.assist.givenName).fill(details.givenName);
	await page.getByLabel(en.assist.familyName).fill(details.familyName);
	await fillDate(page, en.assist.dateOfBirth, details.dateOfBirth);
	await page.getByLabel(en.assist.postcode).fill(details.postcode);
}

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

/** What the page says about a refused registration: its title, error summary and messages. */
async function answer(page: Page) {
	return {
		title: await page.title(),
		summary: await page.locator('.nhsuk-error-summary').innerText(),
		messages: await page
			.locator('main .nhsuk-error-message')
			.evaluateAll((found) => found.map((element) => `${element.id}: ${element.textContent}`))
	};
}

test('registering a resident says the same whether or not their NHS number is here', async ({
	page
}) => {
	test.setTimeout(120_000);
	const worker = `registering-worker-${uniqueWord()}@example.org`;
	await anAccountLike('linkworker@example.org', worker);
	const nhsNumber = aNewNhsNumber();
	const ada: Details = {
		givenName: 'Adaeze',
		familyName: 'Okonkwo',
		dateOfBirth: '1961-07-19',
		postcode: 'E15 2QS'
	};
	await signIn(page, worker);
	await page.goto('/assist/register');
	await expectAccessible(page);
	await fillDetails(page, ada);
	await page.getByLabel(en.assist.nhsNumber).fill(nhsNumber);
	await page.getByLabel(en.assist.reachBy.link_worker).check();
	await submit(page, en.assist.registerSubmit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		en.assist.consentTitle.replace('{{name}}', 'Adaeze Okonkwo')
	);

	// Her NHS number with a wrong date of birth, with the right one, and her details with no
	// NHS number at all: one answer, which neither confirms her number nor registers her twice.
	const tries: [Details, string][] = [
		[{ ...ada, dateOfBirth: '1961-07-20' }, nhsNumber],
		[{ ...ada, givenName: 'Someone', familyName: 'Else', postcode: 'E1 6AN' }, nhsNumber],
		[ada, nhsNumber],
		[ada, '']
	];
	const answers = [];
	for (const [details, number] of tries) {
		await page.goto('/assist/register');
		await expectAccessible(page);
		await fillDetails(page, details);
		await page.getByLabel(en.assist.nhsNumber).fill(number);
		await page.getByLabel(en.assist.reachBy.link_worker).check();
		await submit(page, en.assist.registerSubmit);
		expect(new URL(page.url()).pathname).toBe('/assist/register');
		answers.push(await answer(page));
	}
	expect(answers[0]!.summary).toContain(en.assist.errors.couldNotRegister);
	for (const other of answers.slice(1)) expect(other).toEqual(answers[0]);
	expect(patientsWithNhsNumber(nhsNumber)).toBe(1);
});

test('staff searches for a patient are limited and logged, from the hospital too', async ({
	page
}) => {
	test.setTimeout(120_000);
	const searcher = `searching-hospital-${uniqueWord()}@example.org`;
	const userId = await anAccountLike('hospital@example.org', searcher);
	await signIn(page, searcher);
	await page.goto('/staff/care-plans');
	await expectAccessible(page);
	// Guessing Maureen's date of birth, as fast as a script would.
	const origin = new URL(page.url()).origin;
	for (let guess = 1; guess <= 30; guess++) {
		const response = await page.request.post('/staff/care-plans?/find', {
			form: {
				givenName: 'Maureen',
				familyName: 'Kelly',
				'dateOfBirth-day': String(guess),
				'dateOfBirth-month': '1',
				'dateOfBirth-year': '1939',
				postcode: 'E20 2WS'
			},
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), `guess ${guess}`).toBe(400);
	}
	// The right one now waits too: that is what stops guessing.
	await fillDetails(page, {
		givenName: 'Maureen',
		familyName: 'Kelly',
		dateOfBirth: '1939-11-30',
		postcode: 'E20 2WS'
	});
	await submit(page, en.assist.searchSubmit);
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		staffEn.carePlans.errors.tooManySearches
	);
	await expect(page.locator('main')).not.toContainText('Maureen Kelly');

	await page.context().clearCookies();
	await signIn(page, 'admin@example.org');
	await page.goto('/staff/security');
	await expectAccessible(page);
	const rows = page.locator('main tbody tr', {
		hasText: staffEn.security.accountOf
			.replace('{{id}}', String(userId))
			.replace('{{role}}', 'staff')
	});
	await expect(rows.filter({ hasText: staffEn.security.reasons.staff_find })).toHaveCount(30);
	await expect(
		rows.filter({ hasText: staffEn.security.kinds.resident_search }).first()
	).toContainText(staffEn.security.reasons.staff_find);
	await expect(rows.filter({ hasText: staffEn.security.kinds.held_back }).first()).toContainText(
		staffEn.security.reasons.resident_search
	);
	// What was typed never reaches the log.
	await expect(page.locator('main')).not.toContainText('Maureen');
});
