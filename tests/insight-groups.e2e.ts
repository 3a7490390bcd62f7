// Who is being left out (issue 25), with JavaScript off: a service lead sees their own
// organisation's groups (each group's share of residents beside its share of bookings), how
// people reached it and who we have not heard from, every chart with its table, each table's CSV
// the same figures, no count from 1 to 7; another organisation's figures, and the page itself for
// residents, carers and link workers, are not found; an admin sees every organisation. Each test
// makes its own organisation and bookings, and has the figures counted afresh as the server does.
import type { Locator } from '@playwright/test';
import { addDays, londonDate, mondayOf } from '../src/lib/time';
import {
	aProxyFor,
	aResident,
	aStaffBooking,
	aStaffMemberOf,
	anAccountLike,
	anOrganisation,
	leftOutCounted,
	signInAs,
	uniqueWord
} from './factories';
import { expect, expectAccessible, test } from './fixtures';

/** A CSV file's lines and fields (RFC 4180: a field with a comma is quoted, its quotes doubled). */
function csvRows(text: string): string[][] {
	return text
		.trimEnd()
		.split('\r\n')
		.map((line) =>
			[...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, field]) =>
				field!.startsWith('"') ? field!.slice(1, -1).replaceAll('""', '"') : field!
			)
		);
}

/** A table's body rows, each its cells' text (the row's heading first). */
async function bodyRows(table: Locator): Promise<string[][]> {
	return table
		.locator('tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) =>
				[...tr.querySelectorAll('td > div')].map((div) => (div as HTMLElement).innerText)
			)
		);
}

test('a service lead sees who their organisation is leaving out: charts with tables and CSV, small numbers hidden; not another organisation', async ({
	page,
	javaScriptEnabled
}) => {
	test.skip(javaScriptEnabled, 'no script on these pages');
	const ours = await anOrganisation(`Groups Practice ${uniqueWord()}`);
	const theirs = await anOrganisation(`Other Groups Practice ${uniqueWord()}`);
	// Last week's Tuesday, booked by staff: 12 attended and 3 who did not come, for one Polish
	// reader aged 35 to 49.
	const lastWeek = addDays(mondayOf(londonDate(new Date())), -6);
	const resident = await aResident({
		givenName: 'Grouped',
		dateOfBirth: '1985-03-02',
		language: 'pl'
	});
	for (let i = 0; i < 15; i++) {
		const time = `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
		await aStaffBooking(resident, ours.service, lastWeek, time, {
			status: i < 12 ? 'attended' : 'did_not_attend'
		});
	}
	await leftOutCounted();
	await signInAs(page.context(), await aStaffMemberOf(ours.organisationId));

	await page.goto('/staff/insight');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Who is being left out' }).click();
	await expect(page).toHaveURL(/\/staff\/insight\/groups\?organisation=\d+$/);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Who is being left out' })
	).toBeVisible();
	await expectAccessible(page);
	await expect(page.getByText(/^Counted at /)).toBeVisible();
	await expect(page.getByLabel('Organisation').locator('option')).toHaveCount(1);
	await expect(page.getByRole('link', { name: 'Demand and capacity' })).toHaveAttribute(
		'href',
		`/staff/insight?organisation=${ours.organisationId}`
	);

	// Five breakdowns, how people reached us, and five of people not heard from: each chart
	// named, with its table beside it.
	const sections = page.locator('section.joined-up-insight');
	await expect(sections).toHaveCount(11);
	for (const section of await sections.all()) {
		await expect(section.locator('svg[role="img"]')).toHaveCount(1);
		await expect(section.locator('table')).toHaveCount(1);
	}
	// Their 15 bookings are all of the organisation's: 100% of its bookings, in the 35 to 49 band,
	// among Polish readers, and made by staff; the 3 no-shows are `*`.
	const row = (table: string, group: string) =>
		page.locator(`#${table}-table tbody tr`, { has: page.getByText(group, { exact: true }) });
	for (const [table, group] of [
		['ageGroups', '35 to 49'],
		['languageGroups', 'Polish']
	] as const) {
		const cells = row(table, group).locator('td > div');
		// Group, residents, residents (%), bookings, bookings (%), cancellations, (%), late, no-shows …
		await expect(cells.nth(3)).toHaveText('15');
		await expect(cells.nth(4)).toHaveText('100%');
		await expect(cells.nth(8)).toHaveText('*');
	}
	await expect(row('reachedGroups', 'Staff').locator('td > div').nth(1)).toHaveText('15');
	await expect(
		row('reachedGroups', 'Themselves, on the web').locator('td > div').nth(1)
	).toHaveText('0');
	// Every count (not the groups' names: decile 2 is a name).
	for (const table of await page.locator('table.joined-up-insight__table').all()) {
		for (const cells of await bodyRows(table)) {
			for (const cell of cells.slice(1)) expect(cell).not.toMatch(/^[1-7]$/);
		}
	}

	// Each table's CSV holds its figures: the same `*`, the same numbers.
	for (const section of await sections.all()) {
		const href = (await section
			.getByRole('link', { name: /Download this table \(CSV\)/ })
			.getAttribute('href'))!;
		const answer = await page.request.get(href);
		expect(answer.status(), href).toBe(200);
		expect(answer.headers()['content-disposition']).toMatch(
			/^attachment; filename="who-is-left-out-.+\.csv"$/
		);
		const [header, ...lines] = csvRows(await answer.text());
		const table = section.locator('table');
		expect(header).toEqual(await table.locator('thead th').allInnerTexts());
		const rows = await bodyRows(table);
		expect(lines.length, href).toBe(rows.length);
		for (const [r, cells] of rows.entries()) {
			expect(lines[r]![0]).toBe(cells[0]);
			for (const [c, cell] of cells.slice(1).entries()) {
				const field = lines[r]![c + 1]!;
				const what = `${href} row ${r} column ${c + 1}`;
				// The CSV's numbers are plain: no thousands separator, no % sign.
				if (cell === '–') expect(field, what).toBe('');
				else expect(field, what).toBe(cell.replace(/[,%]/g, ''));
			}
		}
	}

	// Another organisation's figures are not found, as a made-up one's are: page and CSV.
	for (const path of [
		`/staff/insight/groups?organisation=${theirs.organisationId}`,
		`/staff/insight/download?table=ageGroups&organisation=${theirs.organisationId}`,
		'/staff/insight/groups?organisation=999999999'
	]) {
		expect((await page.request.get(path)).status(), path).toBe(404);
	}
	// A malformed choice: a translated error, in the summary and beside its field.
	await page.goto('/staff/insight/groups?organisation=first');
	await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
	await expect(page.locator('section.joined-up-insight')).toHaveCount(0);
	await expectAccessible(page);
});

test('an admin sees every organisation who is left out; residents, carers and link workers find no such page', async ({
	page,
	browser,
	javaScriptEnabled
}) => {
	test.skip(javaScriptEnabled, 'no script on these pages');
	const one = await anOrganisation(`First Groups Practice ${uniqueWord()}`);
	await leftOutCounted();
	const admin = await anAccountLike('admin@example.org', `groups-${uniqueWord()}@example.org`);
	await signInAs(page.context(), admin);
	await page.goto('/staff/insight/groups');
	const options = page.getByLabel('Organisation').locator('option');
	await expect(options.first()).toHaveText('Every organisation');
	await expect(
		options.filter({ hasText: one.service.name.replace(' GP appointments', '') })
	).toHaveCount(1);
	await expect(page.locator('section.joined-up-insight')).toHaveCount(11);
	await expectAccessible(page);
	await page.getByLabel('Organisation').selectOption(String(one.organisationId));
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page).toHaveURL(
		new RegExp(`/staff/insight/groups\\?organisation=${one.organisationId}$`)
	);
	await expect(page.locator('section.joined-up-insight')).toHaveCount(11);
	await expectAccessible(page);

	const resident = await aResident({ givenName: 'Curious' });
	const carer = await aProxyFor(resident, ['appointments.view'], ['general']);
	const linkWorker = await anAccountLike(
		'linkworker@example.org',
		`lw-${uniqueWord()}@example.org`
	);
	for (const userId of [resident.userId, carer.userId, linkWorker]) {
		const context = await browser.newContext();
		await signInAs(context, userId);
		for (const path of ['/staff/insight/groups', '/staff/insight/download?table=ageGroups']) {
			const answer = await context.request.get(path, { maxRedirects: 0 });
			expect(answer.status(), `${userId} ${path}`).toBe(404);
		}
		await context.close();
	}
});
