// Booking an appointment, one question per page, with JavaScript off and on: every step, its
// errors, check your answers with Change links, the confirmation, and the no-free-times page.
import type { Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { isBankHoliday } from '../src/lib/bank-holidays';
import { demoPassword, expect, expectAccessible, signIn, test, useLanguage } from './fixtures';
import { aResident } from './factories';

async function continueOn(page: Page) {
	await page.getByRole('button', { name: en.booking.continue }).click();
	await page.waitForLoadState('load');
	await expectAccessible(page);
}

/** Two weeks on, so these bookings come after the demo people's own appointments. */
async function laterWeek(page: Page) {
	for (let week = 0; week < 2; week++) {
		await page.getByRole('link', { name: en.booking.nextWeek }).click();
		await expectAccessible(page);
	}
}

async function expectError(page: Page, message: string, t: typeof en = en) {
	await expect(page.locator('.nhsuk-error-summary')).toContainText(message);
	const [prefix] = t.common.errorTitle.split('{{title}}');
	await expect(page).toHaveTitle(new RegExp(`^${prefix}`));
}

test('book in person, with every step checked and a change made from check your answers', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name === 'js', 'the JavaScript project books by video below');
	// Two dozen pages, each checked with axe.
	test.setTimeout(180_000);
	// A resident of this test's own: what is booked here is seen by no other test.
	await signIn(page, (await aResident()).email);
	await page.goto('/appointments');
	await expectAccessible(page);
	await page
		.getByRole('button', { name: en.booking.bookLink })
		.or(page.getByRole('link', { name: en.booking.bookLink }))
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.serviceTitle);
	await expectAccessible(page);

	await continueOn(page);
	await expectError(page, en.booking.errors.serviceMissing);
	await page.getByLabel('Practice nurse').check();
	await continueOn(page);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.howTitle);
	await continueOn(page);
	await expectError(page, en.booking.errors.modeMissing);
	await page.getByLabel(en.appointments.modes.phone).check();
	await continueOn(page);

	// Phone appointments skip "where".
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.dayTitle);
	await continueOn(page);
	await expectError(page, en.booking.errors.dayMissing);
	await laterWeek(page);
	await page.locator('input[name=day]').first().check();
	await continueOn(page);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.timeTitle);
	await continueOn(page);
	await expectError(page, en.booking.errors.slotMissing);
	await page.locator('input[name=slot]').first().check();
	await continueOn(page);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.needsTitle);
	await page.getByRole('checkbox', { name: en.booking.needInterpreter }).check();
	await continueOn(page);
	await expectError(page, en.booking.errors.languageMissing);
	await expect(page.getByRole('checkbox', { name: en.booking.needInterpreter })).toBeChecked();
	await page.getByLabel(en.booking.needInterpreterLanguage).fill('Twi');
	await page.getByLabel(en.booking.needSomeone).check();
	await continueOn(page);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await expect(page.locator('main')).toContainText('An interpreter: Twi');
	await expect(page.locator('main')).toContainText(en.appointments.modes.phone);

	// Change how: in person now, which asks where.
	await page.getByRole('link', { name: `${en.common.change} ${en.booking.changeHow}` }).click();
	await expectAccessible(page);
	await page.getByLabel(en.appointments.modes.in_person).check();
	await continueOn(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.whereTitle);
	await continueOn(page);
	await expectError(page, en.booking.errors.locationMissing);
	await page.locator('input[name=location]').first().check();
	await continueOn(page);
	await laterWeek(page);
	await page.locator('input[name=day]').first().check();
	await continueOn(page);
	await page.locator('input[name=slot]').first().check();
	await continueOn(page);

	// The needs were kept: straight back to check your answers.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	await expect(page.locator('main')).toContainText(en.appointments.modes.in_person);
	await expect(page.locator('main')).toContainText('Eastmere Health Centre');
	await page.getByRole('button', { name: en.booking.submit }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	const reference = (await page.locator('.nhsuk-panel__body bdi').innerText()).trim();
	expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{3} [A-HJKMNP-Z2-9]{3}$/);
	await expectAccessible(page);
	await page.getByRole('link', { name: en.booking.viewAppointments }).click();
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText('Practice nurse');
});

// Hazard H-003: a double booking.
test('book by video, and pressing Book twice makes one booking', async ({ page }, testInfo) => {
	test.skip(testInfo.project.name !== 'js', 'the no-JavaScript project books in person above');
	await signIn(page, (await aResident()).email);
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('Diabetes clinic').check();
	await continueOn(page);
	await page.getByLabel(en.appointments.modes.video).check();
	await continueOn(page);
	await laterWeek(page);
	await page.locator('input[name=day]').last().check();
	await continueOn(page);
	await page.locator('input[name=slot]').last().check();
	await continueOn(page);
	await continueOn(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);

	// Two sends of the same form, as a double press on a slow connection would make.
	const token = await page.locator('input[name=bookingToken]').inputValue();
	const origin = new URL(page.url()).origin;
	const send = () =>
		page.request.post('/appointments/book/check?/book', {
			form: { bookingToken: token },
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
	const [first, second] = [await send(), await send()];
	expect(first.headers().location).toMatch(/^\/appointments\/\d+\/confirmation$/);
	expect(second.headers().location).toBe(first.headers().location);
	await page.goto(first.headers().location!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	await expectAccessible(page);
});

test('a fully booked clinic says so and offers every other way', async ({ page }) => {
	await signIn(page, '07700900123');
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('Audiology').check();
	await continueOn(page);
	await page.getByLabel(en.appointments.modes.in_person).check();
	await continueOn(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.noTimesTitle);
	await expect(page.locator('main')).toContainText('020 7946 0303');
	await expect(
		page.getByRole('link', { name: en.booking.noTimesInPerson, exact: true })
	).toHaveAttribute('href', '/help');
	await expect(page.getByRole('link', { name: en.booking.noTimesChooseOther })).toBeVisible();
});

test('booking questions in Arabic read right to left and pass axe', async ({ page }) => {
	await useLanguage(page, 'ar');
	await signIn(page, '07700900123');
	await page.goto('/appointments/book');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.booking.serviceTitle);
	await expectAccessible(page);
	await page.locator('main button[type=submit]').click();
	await expect(page.locator('.nhsuk-error-summary')).toContainText(
		ar.booking.errors.serviceMissing
	);
	await expectAccessible(page);
	// The directory's names are in Arabic too.
	await page.getByLabel(ar.catalogue['GP appointment']).first().check();
	await page.locator('main button[type=submit]').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.booking.howTitle);
	await expectAccessible(page);
});

test('the booking questions need a signed-in patient', async ({ page }) => {
	await page.goto('/appointments/book/check');
	await expect(page).toHaveURL('/sign-in?returnTo=%2Fappointments%2Fbook%2Fcheck');
	await expectAccessible(page);
});

// Hazard H-003: a double booking.
test('fifty people pressing Book for one time at once make exactly one booking', async ({
	playwright,
	baseURL
}, testInfo) => {
	test.skip(testInfo.project.name !== 'no-js', 'one run is enough: this is about the server');
	const origin = new URL(baseURL!).origin;
	const request = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { origin, accept: 'text/html' }
	});
	const post = (path: string, form: Record<string, string>) =>
		request.post(path, { form, maxRedirects: 0 });
	// A resident of this test's own, who ends with the one booking.
	await post('/sign-in', { identifier: (await aResident()).email, password: demoPassword });

	// Answer the questions as far as the time, and find a free time four weeks out.
	const services = await (await request.get('/appointments/book')).text();
	const service = /value="(\d+)"[^>]*>\s*<label[^>]*>Community mental health team</.exec(
		services
	)?.[1];
	expect(service).toBeDefined();
	await post('/appointments/book', { service: service! });
	await post('/appointments/book/how', { mode: 'phone' });
	const days = await (await request.get('/appointments/book/day?week=3')).text();
	const day = [...days.matchAll(/name="day" type="radio" value="([\d-]+)"/g)].at(-1)?.[1];
	expect(day).toBeDefined();
	await post('/appointments/book/day', { day: day! });
	const times = await (await request.get('/appointments/book/time')).text();
	const slot = /name="slot" type="radio" value="(\d+)"/.exec(times)?.[1];
	await post('/appointments/book/time', { slot: slot! });
	await post('/appointments/book/needs', {});

	// Fifty sends, each with its own token, as fifty separate presses would have.
	const replies = await Promise.all(
		Array.from({ length: 50 }, (_, index) =>
			post('/appointments/book/check?/book', { bookingToken: `concurrency-test-token-${index}` })
		)
	);
	const statuses = replies.map((reply) => reply.status());
	expect(statuses.filter((status) => status >= 500)).toEqual([]);
	const booked = replies.filter((reply) => reply.status() === 303);
	expect(booked).toHaveLength(1);
	expect(booked[0]!.headers().location).toMatch(/^\/appointments\/\d+\/confirmation$/);
	for (const reply of replies.filter((reply) => reply.status() !== 303)) {
		expect(reply.status()).toBe(409);
		expect(await reply.text()).toContain(en.booking.takenTitle);
	}
	await request.dispose();
});

test('signing out leaves no half-answered booking on the device', async ({ page }) => {
	await signIn(page, '07700900123');
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('Practice nurse').check();
	await continueOn(page);
	const names = async () => (await page.context().cookies()).map((cookie) => cookie.name);
	expect(await names()).toContain('booking');
	await page.getByRole('button', { name: en.header.signOut }).click();
	await expectAccessible(page);
	expect(await names()).not.toContain('booking');
});

test('every way of having an appointment can be booked, in English with JavaScript off and in Arabic with it on', async ({
	page
}, testInfo) => {
	test.setTimeout(240_000);
	const arabic = testInfo.project.name === 'js';
	const t = arabic ? ar : en;
	if (arabic) await useLanguage(page, 'ar');
	// A resident of this test's own, taking the first time (or the last, in Arabic), so neither
	// the projects nor other tests' bookings for the demo people ever meet it.
	const email = `every-way-${testInfo.project.name}-${Date.now()}@example.org`;
	await aResident({ email: email, givenName: 'Every', familyName: 'Tester' });
	await signIn(page, email);
	const pick = (inputs: ReturnType<Page['locator']>) => (arabic ? inputs.last() : inputs.first());
	const submit = () => page.locator('main button[type=submit]').click();
	const next = async (heading: string) => {
		await submit();
		await page.waitForLoadState('load');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expectAccessible(page);
	};

	for (const [index, mode] of (['in_person', 'phone', 'video', 'home_visit'] as const).entries()) {
		// Each step's error state on the first pass: answering nothing explains what to do.
		const unanswered = async (message: string) => {
			if (index > 0) return;
			await submit();
			await expectError(page, message, t);
			await expectAccessible(page);
		};
		await page.goto('/appointments/book');
		await expectAccessible(page);
		await unanswered(t.booking.errors.serviceMissing);
		await page.getByLabel(t.catalogue['GP appointment']).first().check();
		await next(t.booking.howTitle);
		await unanswered(t.booking.errors.modeMissing);
		await page.locator(`input[name=mode][value=${mode}]`).check();
		if (mode === 'in_person') {
			await next(t.booking.whereTitle);
			await unanswered(t.booking.errors.locationMissing);
			await page.locator('input[name=location]').first().check();
		}
		await next(t.booking.dayTitle);
		// A late week with four free days (bank holidays may close some), a different day for
		// each way, so no two of them overlap.
		for (const week of [3, 2, 1]) {
			await page.goto(`/appointments/book/day?week=${week}`);
			await expectAccessible(page);
			if ((await page.locator('input[name=day]').count()) >= 4) break;
		}
		await unanswered(t.booking.errors.dayMissing);
		await page.locator('input[name=day]').nth(index).check();
		await next(t.booking.timeTitle);
		await unanswered(t.booking.errors.slotMissing);
		await pick(page.locator('input[name=slot]')).check();
		await next(t.booking.needsTitle);
		await next(t.booking.checkTitle);
		await expect(page.locator('main')).toContainText(t.appointments.modes[mode]);
		await next(t.booking.confirmationTitle);
		await expect(page.locator('main')).toContainText(t.appointments.modes[mode]);
	}
});

test('days are offered a week at a time from Monday, never at a weekend or on a bank holiday', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, 'patient@example.org');
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('GP appointment').first().check();
	await continueOn(page);
	await page.getByLabel(en.appointments.modes.in_person).check();
	await continueOn(page);
	await page.locator('input[name=location]').first().check();
	await continueOn(page);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.dayTitle);
	// Back to the first week, then every week in turn.
	for (
		let n = 0;
		n < 6 && (await page.getByRole('link', { name: en.booking.previousWeek }).count());
		n++
	) {
		await page.getByRole('link', { name: en.booking.previousWeek }).click();
		await expectAccessible(page);
	}
	const offered: string[] = [];
	for (let week = 0; week < 6; week++) {
		const heading = await page.locator('main h2').first().innerText();
		expect(heading, 'each week begins on a Monday').toContain('Monday');
		offered.push(
			...(await page
				.locator('input[name=day]')
				.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)))
		);
		const next = page.getByRole('link', { name: en.booking.nextWeek });
		if ((await next.count()) === 0) break;
		await next.click();
		await expectAccessible(page);
	}
	expect(offered.length).toBeGreaterThan(5);
	for (const day of offered) {
		const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
		expect([0, 6], `${day} is a weekday`).not.toContain(weekday);
		expect(isBankHoliday(day), `${day} is not a bank holiday`).toBe(false);
	}
});

test('booking the same service again that week warns, and offers to change the first instead', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const email = `twice-${testInfo.project.name}-${Date.now()}@example.org`;
	await aResident({ email: email, givenName: 'Twice', familyName: 'Tester' });
	await signIn(page, email);
	const bookNurseByPhone = async (dayIndex: number) => {
		await page.goto('/appointments/book');
		await expectAccessible(page);
		await page.getByLabel('Practice nurse').check();
		await continueOn(page);
		await page.getByLabel(en.appointments.modes.phone).check();
		await continueOn(page);
		await page.locator('input[name=day]').nth(dayIndex).check();
		await continueOn(page);
		await page.locator('input[name=slot]').first().check();
		await continueOn(page);
		await continueOn(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.checkTitle);
	};
	await bookNurseByPhone(0);
	// Nothing booked yet: no warning.
	await expect(page.locator('.joined-up-warning-callout')).toHaveCount(0);
	await page.getByRole('button', { name: en.booking.submit }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	await expectAccessible(page);

	// Another day of the same week: the first booking is named, with a way to change it.
	await bookNurseByPhone(1);
	const warning = page.locator('.joined-up-warning-callout');
	await expect(warning).toContainText(en.booking.alreadyBookedTitle);
	await warning.getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.dayTitle);
	await expect(page.locator('main .nhsuk-inset-text')).toContainText(en.appointments.changing);
	await expectAccessible(page);
});
