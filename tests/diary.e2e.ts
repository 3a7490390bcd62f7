// Staff diaries: sessions that residents then book, blocking a time, the day list with needs,
// attendance, and the demo outbox. Staff pages are in English for now.
import type { Page } from '@playwright/test';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staff from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, signIn, test } from './fixtures';
import {
	aResident,
	aServiceLike,
	aSlot,
	anAppointmentToday,
	communicationNeeds,
	uniqueWord
} from './factories';

const londonToday = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}
/** Day of the week, 1 Monday … 7 Sunday. */
const isoWeekday = (date: string) => ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
/** A date as NHS.UK writes it: Monday 14 December 2026. */
function nhsDate(date: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'UTC',
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).formatToParts(new Date(`${date}T12:00:00Z`));
	const part = (type: string) => parts.find((found) => found.type === type)?.value;
	return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** The Monday booking counts as week 0: this week's, or at the weekend next week's. */
function firstBookingMonday(today: string): string {
	const day = isoWeekday(today) >= 6 ? addDays(today, 7) : today;
	return addDays(day, 1 - isoWeekday(day));
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);
}

async function submit(page: Page, name: string) {
	await page.getByRole('button', { name, exact: true }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

test('staff create a week of sessions, block a time, and a resident books one of the rest', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	// Each project makes its own week, a week or two ahead, so the two never meet.
	const week = testInfo.project.name === 'js' ? 2 : 1;
	const from = addDays(firstBookingMonday(londonToday()), week * 7);
	const to = addDays(from, 6);
	const firstWeekday = from;
	// The practice's flu vaccination, as a service of this test alone with no diary yet, and a
	// resident of its own to book it: the week made here is theirs, however often it runs.
	const flu = await aServiceLike('Flu vaccination', `Flu clinic ${uniqueWord()}`);
	const grace = await aResident({ givenName: 'Grace' });

	await signIn(page, 'staff@example.org');
	await page.getByRole('link', { name: en.home.diaryLink }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(staff.diary.title);
	await expectAccessible(page);
	await page
		.getByRole('button', { name: staff.diary.addSessions })
		.or(page.getByRole('link', { name: staff.diary.addSessions }))
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(staff.sessions.title);
	await expectAccessible(page);

	// Mistakes first: no days, an end before the start, no dates.
	for (const day of await page.getByRole('checkbox').all()) await day.uncheck();
	await page.getByLabel(staff.sessions.startTime).fill('13:00');
	await page.getByLabel(staff.sessions.endTime).fill('12:00');
	await submit(page, staff.sessions.submit);
	await expect(page).toHaveTitle(`Error: ${staff.sessions.title} – Joined Up`);
	const summary = page.locator('.nhsuk-error-summary');
	await expect(summary).toContainText(staff.sessions.errors.weekdays);
	await expect(summary).toContainText(staff.sessions.errors.fromDate);
	await expect(page.getByLabel(staff.sessions.startTime)).toHaveValue('13:00');

	await page.getByLabel(staff.sessions.service).selectOption({ label: flu.name });
	await page.getByLabel(en.appointments.modes.in_person).check();
	for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
		await page.getByLabel(day).check();
	}
	await page.getByLabel(staff.sessions.endTime).fill('14:00');
	await page.getByLabel(staff.sessions.slotMinutes).fill('20');
	await page.getByLabel(staff.sessions.fromDate).fill(from);
	await page.getByLabel(staff.sessions.toDate).fill(to);
	await submit(page, staff.sessions.submit);
	// Five weekdays, three 20-minute times each.
	await expect(page.getByRole('status')).toContainText('15 new slots added. 0 times');

	await page.goto(`/staff/diary?day=${firstWeekday}`);
	await expectAccessible(page);
	// Free times are folded away, one group for each service, until staff open one.
	const fluTimes = page.locator('details', { hasText: flu.name });
	await expect(fluTimes.locator('summary')).toHaveText(
		`${flu.name}: ${staff.diary.freeCount_other.replace('{{count}}', '3')}`
	);
	await expect(fluTimes).not.toHaveAttribute('open');
	const blockable = fluTimes.locator('tr', { hasText: '1:40pm' });
	await expect(blockable).toBeHidden();
	await fluTimes.locator('summary').click();
	await expectAccessible(page);
	await blockable.getByRole('button', { name: staff.diary.block }).click();
	await expectAccessible(page);
	// Back on the day, the group of the time just blocked is open, with the time marked.
	await expect(fluTimes).toHaveAttribute('open');
	await expect(blockable.getByRole('button', { name: staff.diary.unblock })).toBeVisible();
	await expect(blockable).toContainText(staff.diary.blocked);
	await expect(fluTimes.locator('summary')).toHaveText(
		`${flu.name}: ${staff.diary.freeCount_other.replace('{{count}}', '2')}, ${staff.diary.blockedCount.replace('{{count}}', '1')}`
	);
	await signOut(page);

	await signIn(page, grace.email);
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel(flu.name).check();
	await submit(page, en.booking.continue);
	await page.getByLabel(en.appointments.modes.in_person).check();
	await submit(page, en.booking.continue);
	await page.getByLabel('Eastmere Health Centre').check();
	await submit(page, en.booking.continue);
	// The day question opens on the first week with a free day: on to the week made here.
	const weekHeading = page.getByRole('heading', {
		name: en.booking.weekOf.replace('{{date}}', nhsDate(from))
	});
	for (let n = 0; n < 5 && !(await weekHeading.isVisible()); n++) {
		await page.getByRole('link', { name: en.booking.nextWeek }).click();
		await expectAccessible(page);
	}
	await expect(weekHeading).toBeVisible();
	// The five weekdays of the new week, and no other.
	await expect(page.locator('input[name=day]')).toHaveCount(5);
	await page.locator(`input[name=day][value="${firstWeekday}"]`).check();
	await submit(page, en.booking.continue);
	const times = page.locator('input[name=slot] + label');
	// Times as NHS.UK writes them.
	await expect(times).toHaveText(['1pm', '1:20pm']);
	await page.getByLabel('1:20pm').check();
	await submit(page, en.booking.continue);
	await submit(page, en.booking.continue);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await submit(page, en.booking.submit);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	const reference = await page.locator('.nhsuk-panel__body bdi').innerText();
	await signOut(page);

	await signIn(page, 'staff@example.org');
	await page.goto(`/staff/diary?day=${firstWeekday}`);
	await expectAccessible(page);
	// Booked appointments come first, in a table of their own; free times follow, folded away.
	const booked = page.getByRole('table', {
		name: staff.diary.bookedCaption.replace('{{date}}', nhsDate(firstWeekday))
	});
	const row = booked.locator('tr', { hasText: '1:20pm' }).filter({ hasText: flu.name });
	await expect(row).toContainText(grace.name);
	const firstFreeTimes = page.locator('details').first();
	expect(
		await booked.evaluate(
			(table, details) =>
				Boolean(table.compareDocumentPosition(details!) & Node.DOCUMENT_POSITION_FOLLOWING),
			await firstFreeTimes.elementHandle()
		)
	).toBe(true);
	await expect(page.locator('details', { hasText: flu.name }).locator('summary')).toHaveText(
		`${flu.name}: ${staff.diary.freeCount_one.replace('{{count}}', '1')}, ${staff.diary.blockedCount.replace('{{count}}', '1')}`
	);
	await expect(page.locator('details tr', { hasText: grace.name })).toHaveCount(0);
	await expect(row).toContainText(staff.diary.statuses.booked);
	// The reference as the resident was shown it, in two halves: one format everywhere.
	await expect(row).toContainText(reference);
	await signOut(page);

	// The confirmation is in the outbox, and the worker sends it.
	await signIn(page, 'admin@example.org');
	await page.getByRole('link', { name: en.home.outboxLink }).click();
	await expectAccessible(page);
	const message = page
		.locator('tr', { hasText: grace.email })
		.filter({ hasText: flu.name })
		.first();
	await expect(message).toContainText(staff.outbox.kinds['appointment.booked']);
	await expect(async () => {
		await page.reload();
		await expectAccessible(page);
		await expect(message).toContainText(staff.outbox.statuses.sent, { timeout: 1000 });
	}).toPass({ timeout: 20_000 });
});

// Hazard H-015: a communication need not known at the appointment.
test('the day list flags needs, and staff record whether people came', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'one demo appointment today: one run');
	// A resident of this test's own, as Maureen is in the demo: in the practice's diary today (a
	// GP appointment of a service of this test alone), with needs given when it was booked and
	// others she has recorded.
	const maureenToday = await aResident({ givenName: 'Maureen' });
	const gp = await aServiceLike('GP appointment', `GP clinic ${uniqueWord()}`);
	await anAppointmentToday(maureenToday, gp, '08:30', {
		stepFreeAccess: true,
		longerAppointment: true
	});
	await communicationNeeds(maureenToday, { needs: ['hearing_loop', 'large_print'] });
	await signIn(page, 'staff@example.org');
	await page.goto('/staff/diary');
	await expectAccessible(page);
	const maureen = page.locator('tr', { hasText: maureenToday.name });
	await expect(maureen).toContainText(staff.diary.needsList.stepFreeAccess);
	await expect(maureen).toContainText(staff.diary.needsList.longerAppointment);
	// And what she has recorded beyond the booking's question: her hearing loop and large print.
	await expect(maureen).toContainText(en.communicationNeeds.kinds.hearing_loop);
	await expect(maureen).toContainText(en.communicationNeeds.kinds.large_print);
	// Needs tags stand apart: no two touch, whether they sit side by side or one above another.
	const boxes = await maureen.locator('.nhsuk-tag--yellow').evaluateAll((tags) =>
		tags.map((tag) => {
			const { left, right, top, bottom } = tag.getBoundingClientRect();
			return { left, right, top, bottom };
		})
	);
	expect(boxes.length).toBeGreaterThanOrEqual(4);
	for (const [index, box] of boxes.entries()) {
		for (const other of boxes.slice(index + 1)) {
			const gap = Math.max(
				other.left - box.right,
				box.left - other.right,
				other.top - box.bottom,
				box.top - other.bottom
			);
			expect(gap, 'space between two needs tags').toBeGreaterThanOrEqual(4);
		}
	}
	await maureen.getByRole('button', { name: new RegExp(`^${staff.diary.didNotAttend}`) }).click();
	await expectAccessible(page);
	await expect(maureen).toContainText(staff.diary.statuses.did_not_attend);
	await maureen.getByRole('button', { name: new RegExp(`^${staff.diary.attended}`) }).click();
	await expectAccessible(page);
	await expect(maureen.locator('.nhsuk-tag--grey')).toHaveText(staff.diary.statuses.attended);
});

test('the diary and the request queue fit a 320 px screen, tables stacked', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'layout alone: one run');
	await page.setViewportSize({ width: 320, height: 640 });
	await signIn(page, 'staff@example.org');
	// Today (the demo's appointment with needs) and the next weekday (a day full of free times).
	const nextWeekday = addDays(
		londonToday(),
		isoWeekday(londonToday()) >= 5 ? 8 - isoWeekday(londonToday()) : 1
	);
	for (const path of [
		'/staff/diary',
		`/staff/diary?day=${nextWeekday}`,
		'/staff/requests?status=all'
	]) {
		await page.goto(path);
		await expectAccessible(page);
		// Every service's free times open, so that their tables are measured too.
		for (const summary of await page.locator('summary').all()) await summary.click();
		await expect(page.locator('table').first()).toBeVisible();
		await expectAccessible(page);
		const width = await page.locator('html').evaluate((html) => html.scrollWidth);
		expect(width, `${path} is no wider than the screen`).toBeLessThanOrEqual(320);
	}
	// Each cell says which column it is in, as the headings above the table are not shown.
	await expect(page.locator('tbody td .nhsuk-table__heading').first()).toBeVisible();
});

test('diaries are for their own staff, and the outbox only for admins in the demo', async ({
	page
}) => {
	// A free time of the practice's, in a service of this test alone, that a resident tries to block.
	const service = await aServiceLike('GP appointment', `GP clinic ${uniqueWord()}`);
	const slot = await aSlot(service, addDays(londonToday(), 7), '10:00');
	await page.goto('/staff/diary');
	await expect(page).toHaveURL('/sign-in?returnTo=%2Fstaff%2Fdiary');
	await expectAccessible(page);

	await signIn(page, 'patient@example.org');
	for (const path of ['/staff/diary', '/staff/diary/sessions', '/staff/outbox']) {
		expect((await page.goto(path))?.status()).toBe(403);
		await expectAccessible(page);
	}
	const origin = new URL(page.url()).origin;
	const post = await page.request.post('/staff/diary?/block', {
		form: { slot: String(slot), day: londonToday() },
		headers: { origin },
		maxRedirects: 0
	});
	expect(post.status()).toBe(403);
	await signOut(page);

	await signIn(page, 'staff@example.org');
	expect((await page.goto('/staff/outbox'))?.status()).toBe(404);
	await expectAccessible(page);
	// A slot that is not one of the organisation's (unit tests use another organisation's; here,
	// one that does not exist) is not found.
	const foreign = await page.request.post('/staff/diary?/block', {
		form: { slot: '999999', day: londonToday() },
		headers: { origin },
		maxRedirects: 0
	});
	expect(foreign.status()).toBe(404);
	await signOut(page);

	await signIn(page, 'admin@example.org');
	expect((await page.goto('/staff/diary'))?.status()).toBe(403);
	await expectAccessible(page);
});
