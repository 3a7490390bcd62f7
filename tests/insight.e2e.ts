// Insight (issue 25), with JavaScript off: a service lead sees their own organisation's demand and
// capacity, every chart with its table, each table's CSV the same figures, no count from 1 to 7
// anywhere; another organisation's figures, and the pages themselves for residents, carers and
// link workers, are not found; an admin sees every organisation. Each test makes its own
// organisations (factories.ts), so the figures are this test's alone.
import type { Page } from '@playwright/test';
import { addDays, londonDate, mondayOf } from '../src/lib/time';
import {
	aProxyFor,
	aResident,
	aStaffBooking,
	aStaffMemberOf,
	anAccountLike,
	anOrganisation,
	signInAs,
	uniqueWord
} from './factories';
import { expect, expectAccessible, test } from './fixtures';

/** Every cell of every table on the page, as text. */
async function tableCells(page: Page): Promise<string[]> {
	return page.locator('table.joined-up-insight__table td > div').allInnerTexts();
}

/** A CSV file's lines and fields (fields here are never quoted: numbers, `*`, ISO dates). */
function csvRows(text: string): string[][] {
	return text
		.trimEnd()
		.split('\r\n')
		.map((line) => line.split(','));
}

test('a service lead sees their own organisation: every chart with its table and CSV, small numbers hidden; not another organisation', async ({
	page,
	javaScriptEnabled
}) => {
	test.skip(javaScriptEnabled, 'no script on these pages');
	const ours = await anOrganisation(`Insight Practice ${uniqueWord()}`);
	const theirs = await anOrganisation(`Other Practice ${uniqueWord()}`);
	// Last week's Tuesday: 12 attended and 3 who did not come; in theirs, 9 attended.
	const lastWeek = addDays(mondayOf(londonDate(new Date())), -6);
	const resident = await aResident({ givenName: 'Counted' });
	for (let i = 0; i < 15; i++) {
		const time = `${String(9 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
		await aStaffBooking(resident, ours.service, lastWeek, time, {
			status: i < 12 ? 'attended' : 'did_not_attend'
		});
		if (i < 9) await aStaffBooking(resident, theirs.service, lastWeek, time);
	}
	await signInAs(page.context(), await aStaffMemberOf(ours.organisationId));

	// The server counts a changed service again within moments (at once when the page can):
	// the page is read once its figures are all counted.
	await expect
		.poll(
			async () =>
				(await (await page.request.get('/staff/insight')).text()).split(
					'class="joined-up-chart__svg"'
				).length - 1
		)
		.toBe(6);
	await page.goto('/staff/insight');
	await expect(page.getByRole('heading', { level: 1, name: 'Demand and capacity' })).toBeVisible();
	await expectAccessible(page);
	// Their own organisation, and no other to choose.
	await expect(page.getByLabel('Organisation').locator('option')).toHaveText([
		ours.service.name.replace(' GP appointments', '')
	]);
	// Every chart has a name and its table beside it.
	const sections = page.locator('section.joined-up-insight');
	await expect(sections).toHaveCount(6);
	for (const section of await sections.all()) {
		await expect(section.locator('svg[role="img"]')).toHaveCount(1);
		await expect(section.locator('table')).toHaveCount(1);
		const name = await section.locator('svg[role="img"]').getAttribute('aria-labelledby');
		expect(name).toMatch(/-chart-title .*-chart-desc$/);
	}
	// Last week: 15 booked, shown as 15; the 3 no-shows as *, and nowhere a count of 1 to 7.
	const capacity = page.locator('#capacity-table');
	const week = capacity.locator('tr', {
		has: page.locator(`time[datetime="${mondayOf(lastWeek)}"]`)
	});
	await expect(week.locator('td > div')).toHaveText([/\d/, '15', '15', '0', '100%']);
	const noShows = page.locator('#cancellations-table tr', {
		has: page.locator(`time[datetime="${mondayOf(lastWeek)}"]`)
	});
	await expect(noShows.locator('td > div').last()).toHaveText('*');
	for (const cell of await tableCells(page)) expect(cell).not.toMatch(/^[1-7]$/);
	await expect(page.getByText('1 to 7: too few to show')).toBeVisible();

	// The CSV of each table holds the table's figures: the same `*`, the same numbers.
	for (const section of await sections.all()) {
		const link = section.getByRole('link', { name: /Download this table \(CSV\)/ });
		const href = (await link.getAttribute('href'))!;
		const answer = await page.request.get(href);
		expect(answer.status()).toBe(200);
		expect(answer.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(answer.headers()['content-disposition']).toMatch(
			/^attachment; filename="demand-and-capacity-.+\.csv"$/
		);
		const [header, ...lines] = csvRows(await answer.text());
		const table = section.locator('table');
		expect(header).toEqual(await table.locator('thead th').allInnerTexts());
		// Each row's week (its <time>'s date) or name, then its cells, read in one go.
		const rows = await table.locator('tbody tr').evaluateAll((trs) =>
			trs.map((tr) => ({
				datetime: tr.querySelector('time')?.getAttribute('datetime') ?? null,
				cells: [...tr.querySelectorAll('td > div')].map((div) => (div as HTMLElement).innerText)
			}))
		);
		expect(lines).toHaveLength(rows.length);
		for (const [r, row] of rows.entries()) {
			// The CSV's numbers are plain (no thousands separator, no % sign); no figure is empty.
			const shown = row.cells
				.slice(1)
				.map((cell) =>
					cell === '–' || cell === 'No free time in the diary' ? '' : cell.replace(/[,%]/g, '')
				);
			expect(lines[r]!.slice(1), `${href} row ${r}`).toEqual(shown);
			expect(lines[r]![0]).toBe(row.datetime ?? row.cells[0]);
		}
	}

	// Another organisation's figures are not found, as a made-up one's are: page and CSV.
	for (const path of [
		`/staff/insight?organisation=${theirs.organisationId}`,
		`/staff/insight?organisation=${ours.organisationId}&service=${theirs.service.id}`,
		`/staff/insight/download?table=capacity&organisation=${theirs.organisationId}`,
		'/staff/insight?organisation=999999999'
	]) {
		expect((await page.request.get(path)).status(), path).toBe(404);
	}
	const notFound = await page.goto(`/staff/insight?organisation=${theirs.organisationId}`);
	expect(notFound?.status()).toBe(404);
	await expectAccessible(page);

	// A malformed choice: a translated error, in the summary and beside its field.
	await page.goto('/staff/insight?organisation=first');
	await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
	await expect(page.getByText('Choose an organisation from the list').first()).toBeVisible();
	await expect(page.locator('section.joined-up-insight')).toHaveCount(0);
	await expectAccessible(page);
});

test('an admin sees every organisation; residents, carers and link workers find no insight at all', async ({
	page,
	browser,
	javaScriptEnabled
}) => {
	test.skip(javaScriptEnabled, 'no script on these pages');
	const one = await anOrganisation(`First Practice ${uniqueWord()}`);
	const two = await anOrganisation(`Second Practice ${uniqueWord()}`);
	const admin = await anAccountLike('admin@example.org', `insight-${uniqueWord()}@example.org`);
	await signInAs(page.context(), admin);
	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Demand and capacity' }).click();
	await expect(page).toHaveURL(/\/staff\/insight$/);
	const options = page.getByLabel('Organisation').locator('option');
	await expect(options.first()).toHaveText('Every organisation');
	for (const { service } of [one, two]) {
		await expect(
			options.filter({ hasText: service.name.replace(' GP appointments', '') })
		).toHaveCount(1);
	}
	await expectAccessible(page);
	// Choosing one offers its services and places.
	await page.getByLabel('Organisation').selectOption(String(two.organisationId));
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByLabel('Service').locator('option')).toHaveText([
		'Every service',
		two.service.name
	]);
	await expectAccessible(page);

	const resident = await aResident({ givenName: 'Nosy' });
	const carer = await aProxyFor(resident, ['appointments.view'], ['general']);
	const linkWorker = await anAccountLike(
		'linkworker@example.org',
		`lw-${uniqueWord()}@example.org`
	);
	for (const userId of [resident.userId, carer.userId, linkWorker]) {
		const context = await browser.newContext();
		await signInAs(context, userId);
		for (const path of ['/staff/insight', '/staff/insight/download?table=capacity']) {
			const answer = await context.request.get(path, { maxRedirects: 0 });
			expect(answer.status(), `${userId} ${path}`).toBe(404);
		}
		await context.close();
	}
});
