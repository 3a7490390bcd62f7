// Installable and offline, with JavaScript on (the service worker needs it): the manifest and its
// icons are valid; once the worker has installed, a page that cannot be fetched is answered by
// the offline page in the reader's language, or by a copy the person chose to keep; a request to
// be seen sent with no connection is kept and sent when it returns; a shared device never keeps
// a personal page or form, and signing out removes kept copies.
import type { APIRequestContext, Page } from '@playwright/test';
import ar from '../src/lib/i18n/locales/ar.json' with { type: 'json' };
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aResident, anAppointment, carePlansLike } from './factories';
import { demoPassword, expect, expectAccessible, signIn, test, useLanguage } from './fixtures';

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'a service worker needs JavaScript');

/** The width and height a PNG says it has (its IHDR chunk). */
async function pngSize(request: APIRequestContext, path: string) {
	const response = await request.get(path);
	expect(response.headers()['content-type']).toBe('image/png');
	const png = await response.body();
	return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
}

/** Anything but the stylesheets, icons, manifest and the offline pages the worker keeps. */
const personal = (path: string) =>
	!/^\/(offline\/[\w-]+|_app\/immutable\/[\w/.-]+\.(?:css|js)|icons\/[\w-]+\.png|favicon\.svg|manifest\.webmanifest)$/.test(
		path
	);

/** Every address kept in Cache Storage. */
const cachedAddresses = (page: Page) =>
	page.evaluate(async () => {
		const addresses: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) addresses.push(new URL(request.url).pathname);
		}
		return addresses;
	});

/**
 * Looks as it does online: the worker kept the stylesheets the page links, the main one (NHS blue
 * header) and, on a care plan, its own (the red "if things get worse" box).
 */
async function expectStyled(page: Page) {
	await expect(page.locator('.nhsuk-header')).toHaveCSS('background-color', 'rgb(0, 94, 184)');
	if (await page.locator('.joined-up-urgent').count()) {
		await expect(page.locator('.joined-up-urgent')).toHaveCSS(
			'border-top-color',
			'rgb(213, 40, 27)'
		);
	}
}

/** Waits until the service worker controls the page. */
async function controlled(page: Page) {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expectAccessible(page);
	await expect
		.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
		.toBe(true);
}

test('the app can be installed: a manifest with its icons', async ({ page, request }) => {
	await page.goto('/');
	await expectAccessible(page);
	const href = await page.locator('link[rel=manifest]').getAttribute('href');
	const manifest = await (await request.get(new URL(href!, page.url()).pathname)).json();
	expect(manifest).toMatchObject({
		name: 'Joined Up',
		short_name: 'Joined Up',
		start_url: '/',
		display: 'standalone',
		theme_color: '#005eb8'
	});
	const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
	for (const icon of icons) expect(await pngSize(request, icon.src)).toBe(icon.sizes);
	expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
		'192x192 any',
		'512x512 any',
		'512x512 maskable'
	]);
});

// Hazard H-013: an outage with no other way to reach a service.
test('offline, a page that cannot be fetched is answered by the offline page, in Arabic too', async ({
	page,
	context
}) => {
	await useLanguage(page, 'ar');
	await page.goto('/help');
	await expectAccessible(page);
	await controlled(page);

	await context.setOffline(true);
	await page.goto('/privacy');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.offline.title);
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectStyled(page);
	await expectAccessible(page);

	// A form sent offline is not kept: the offline page says so.
	await context.setOffline(false);
	await page.goto('/language');
	await expectAccessible(page);
	await context.setOffline(true);
	await page.locator('main button[type=submit]').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.offline.title);
	await expect(page.locator('main')).toContainText(ar.offline.unsent);
	await expectAccessible(page);

	// Back online, pages come from the network again: nothing stale.
	await context.setOffline(false);
	await page.goto('/privacy');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.privacy.title);
	await expectAccessible(page);
});

// Hazard H-008: an assisted session left open on a shared device.
// Hazard H-013: an outage with no other way to reach a service.
test('no personal page or form is ever kept, before or after signing out of a shared device', async ({
	page,
	context
}) => {
	const resident = await aResident();
	await page.goto('/sign-in');
	await expectAccessible(page);
	await page.locator('#identifier').fill(resident.email);
	await page.locator('#password').fill(demoPassword);
	await page.getByLabel(en.signIn.sharedDevice).check();
	await page.locator('main button[type=submit]').click();
	await page.waitForURL((url) => url.pathname !== '/sign-in');
	await expectAccessible(page);
	await controlled(page);
	for (const path of ['/appointments', '/care-plans']) {
		await page.goto(path);
		await expectAccessible(page);
	}
	// Copies are never offered on a shared device.
	await expect(page.getByRole('button', { name: en.offline.keepCopy })).toBeHidden();
	// Nor is a request to be seen sent with no connection: the offline page says what to do.
	await page.goto('/contact');
	await expectAccessible(page);
	await context.setOffline(true);
	await page.getByLabel(en.contact.topics.medicines).check();
	await page.getByRole('button', { name: en.booking.continue, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.offline.title);
	await expect(page.locator('main')).toContainText(en.offline.unsent);
	await expect(page.locator('main')).toContainText(en.offline.faceToFace);
	await expectAccessible(page);
	await context.setOffline(false);
	await page.goto('/appointments');
	await expectAccessible(page);

	const kept = await cachedAddresses(page);
	expect(kept).toContain('/offline/en');
	expect(kept.filter(personal)).toEqual([]);

	// Signing out clears the site's storage on a shared device; the next page may register the
	// worker afresh, which keeps only what it always keeps.
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
	expect((await cachedAddresses(page)).filter(personal)).toEqual([]);
});

test('a care plan kept on this phone opens offline with when it was saved; signing out removes it', async ({
	page,
	context
}) => {
	const resident = await aResident();
	const [discharge, diabetes] = await carePlansLike(resident, [
		'Going home from hospital after your fall',
		'Living well with type 2 diabetes'
	]);
	await signIn(page, resident.email);
	await controlled(page);
	await page.goto(`/care-plans/${discharge}`);
	await expectAccessible(page);
	const title = await page.getByRole('heading', { level: 1 }).textContent();
	const notice = page.locator('[data-saved-notice]');
	// Online, the page is the server's own: no notice of a saved copy.
	await expect(notice).toBeHidden();
	await page.getByRole('button', { name: en.offline.keepCopy }).click();
	await expect(page.getByText(en.offline.kept)).toBeVisible();
	await expect(notice).toBeHidden();
	await expectAccessible(page);
	// Cache Storage shows a new entry a moment after `put` resolves (Chromium writes the body
	// behind): wait for it, as a person putting their phone away would.
	await expect.poll(() => cachedAddresses(page)).toContain(`/care-plans/${discharge}`);
	// Online again with a copy kept, the page still comes from the server, without the notice.
	await page.reload();
	await expectAccessible(page);
	await expect(notice).toBeHidden();

	await context.setOffline(true);
	await page.goto(`/care-plans/${discharge}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!);
	const [savedOn, offline] = en.offline.savedOffline.split('{{date}}');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText(savedOn!);
	await expect(notice).toContainText(offline!.trim());
	await expect(notice).not.toContainText('%DATE%');
	await expect(page.getByRole('button', { name: en.offline.keepCopy })).toBeHidden();
	await expectStyled(page);
	await expect(page.locator('.joined-up-urgent')).toBeVisible();
	await expectAccessible(page);
	// A page not kept is answered by the offline page.
	await page.goto(`/care-plans/${diabetes}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.offline.title);
	await expectAccessible(page);

	await context.setOffline(false);
	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('button', { name: en.header.signOut }).click();
	await page.waitForURL('/');
	await expectAccessible(page);
	await expect.poll(() => cachedAddresses(page)).not.toContain(`/care-plans/${discharge}`);
});

test('appointments kept on this phone in Arabic say offline when they were saved, in Arabic', async ({
	page,
	context
}) => {
	const resident = await aResident();
	await anAppointment(resident, 'GP appointment');
	await useLanguage(page, 'ar');
	await signIn(page, resident.email);
	await controlled(page);
	await page.goto('/appointments');
	await expectAccessible(page);
	const notice = page.locator('[data-saved-notice]');
	await expect(notice).toBeHidden();
	await page.getByRole('button', { name: ar.offline.keepCopy }).click();
	await expect(page.getByText(ar.offline.kept)).toBeVisible();
	await expect(notice).toBeHidden();
	await expectAccessible(page);
	await expect.poll(() => cachedAddresses(page)).toContain('/appointments');

	await context.setOffline(true);
	await page.goto('/appointments');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.appointments.title);
	await expect(notice).toBeVisible();
	// The date is when the copy was kept, in London time, written as the browser writes dates
	// for an Arabic reader (an Arabic month name).
	const saved = await page.evaluate(async () => {
		const kept = await (await caches.open('joined-up-saved')).match('/appointments');
		const at = new Date(kept?.headers.get('x-saved-at') ?? '');
		const date = new Intl.DateTimeFormat('ar', {
			dateStyle: 'long',
			timeStyle: 'short',
			timeZone: 'Europe/London'
		});
		const month = date.formatToParts(at).find((part) => part.type === 'month')?.value;
		return { at: at.getTime(), text: date.format(at), month };
	});
	expect(Date.now() - saved.at).toBeLessThan(10 * 60 * 1000);
	expect(saved.month).toMatch(/^\p{Script=Arabic}+$/u);
	await expect(notice).toHaveText(ar.offline.savedOffline.replace('{{date}}', saved.text));
	await expect(notice).not.toContainText('%DATE%');
	await expectAccessible(page);
	await context.setOffline(false);
});

test('the offline page of a language that is not offered is not found', async ({ page }) => {
	const response = await page.goto('/offline/xx');
	expect(response?.status()).toBe(404);
	await expectAccessible(page);
});

test('a request to be seen, sent with no connection, is kept on this phone and sent when the connection returns', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	const main = page.locator('main');
	const continueButton = page.getByRole('button', { name: en.booking.continue, exact: true });
	const kept = page.getByRole('status').filter({ hasText: en.offline.keptForLater });
	// A resident of this test's own, with a mobile number, as Samir has.
	const resident = await aResident({ withMobile: true });
	await signIn(page, resident.mobile!);
	await controlled(page);
	await page.goto('/requests');
	await expectAccessible(page);
	const requestLinks = main.locator('a[href^="/contact/"]');
	const requestsBefore = await requestLinks.count();
	await page.goto('/contact');
	await expectAccessible(page);

	// Samir says what it is about with no signal: it is kept, and he is told so.
	await context.setOffline(true);
	await page.getByLabel(en.contact.topics.medicines).check();
	await continueButton.click();
	await expect(kept).toBeVisible();
	expect(new URL(page.url()).pathname).toBe('/contact');
	await expectAccessible(page);
	// With the signal back it is sent, and the page carries on to the next question by itself.
	await context.setOffline(false);
	await page.waitForURL('**/contact/details');
	await expectAccessible(page);
	await page.getByLabel(en.contact.detailsLabel).fill('Written on the bus with no signal.');
	await continueButton.click();
	await page.waitForURL('**/contact/who');
	await expectAccessible(page);

	/** Answers the question on this page, then checks the next. */
	const answer = async (next: string) => {
		await continueButton.click();
		await page.waitForURL(`**/contact/${next}`);
		await expectAccessible(page);
	};
	// Other tests' bookings may add a second practice's GP appointments: either will do.
	await page.getByRole('radio', { name: 'GP appointment' }).first().check();
	await answer('where');
	await page.getByLabel(en.contact.places.no_preference).check();
	await answer('when');
	await page.locator('input[name=days]').first().check();
	await page.getByLabel(en.contact.dayParts.morning).check();
	await answer('reach');
	// He has recorded no way he prefers, so none is chosen for him.
	await page.getByLabel(en.communicationNeeds.reach.sms).check();
	await answer('check');
	await expect(main).toContainText('Written on the bus with no signal.');

	// Sent from the last page with no signal, twice: kept, then sent once the signal returns.
	await context.setOffline(true);
	const send = page.getByRole('button', { name: en.contact.send });
	await send.click();
	await expect(kept).toBeVisible();
	await send.click();
	await expectAccessible(page);
	await context.setOffline(false);
	await page.waitForURL(/\/contact\/\d+\/sent$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.contact.sentTitle);
	await expectAccessible(page);
	await page.goto('/requests');
	await expectAccessible(page);
	await expect(requestLinks).toHaveCount(requestsBefore + 1);
	await requestLinks.first().click();
	await expect(main).toContainText('Written on the bus with no signal.');
	await expectAccessible(page);
});

test('when a new version is waiting, a banner offers to reload, and reloading uses it', async ({
	page
}) => {
	await page.goto('/help');
	await expectAccessible(page);
	await controlled(page);
	const banner = page.getByRole('status').filter({ hasText: en.offline.updateReady });
	await expect(banner).toBeHidden();

	// A new version, as the browser would find it: another worker installed for this scope.
	// (Its address differs only so that the browser installs it; its code is the same.)
	const next = '/service-worker.js?version=next';
	await page.evaluate((url) => navigator.serviceWorker.register(url), next);
	await expect(banner).toBeVisible();
	await expectAccessible(page);

	// Listening before the click: the reload can finish before the click's promise settles.
	const reloaded = page.waitForEvent('load');
	await banner.getByRole('button', { name: en.offline.updateReload }).click();
	await reloaded;
	await expectAccessible(page);
	await expect(banner).toBeHidden();
	const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
	expect(new URL(controller!).search).toBe('?version=next');
});

test('once installed, before it controls a page, the worker keeps the offline page and its stylesheets', async ({
	page
}) => {
	await page.goto('/help');
	await expectAccessible(page);
	const stylesheets = await page
		.locator('link[rel=stylesheet]')
		.evaluateAll((links) => links.map((link) => new URL((link as HTMLLinkElement).href).pathname));
	expect(stylesheets.length).toBeGreaterThan(0);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect
		.poll(() => cachedAddresses(page))
		.toEqual(expect.arrayContaining(['/offline/en', ...stylesheets]));
});

test('choosing another language keeps the offline page in it, with the same worker', async ({
	page,
	context
}) => {
	await page.goto('/help');
	await expectAccessible(page);
	await controlled(page);
	const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
	await expect.poll(() => cachedAddresses(page)).toContain('/offline/en');

	await useLanguage(page, 'ar');
	await page.goto('/help');
	await expectAccessible(page);
	await expect.poll(() => cachedAddresses(page)).toContain('/offline/ar');
	expect(await cachedAddresses(page)).not.toContain('/offline/en');
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(worker);
	await expect(page.getByRole('status').filter({ hasText: ar.offline.updateReady })).toBeHidden();

	await context.setOffline(true);
	await page.goto('/privacy');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar.offline.title);
	await expectAccessible(page);
	await context.setOffline(false);
});
