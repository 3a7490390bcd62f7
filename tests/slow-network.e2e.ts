// Slow networks: an appointment is booked over an emulated 2G connection (about 250 kbit/s down,
// 50 kbit/s up, 300 ms round trip, through the Chrome DevTools Protocol), with JavaScript off and
// on, and it completes. How long it took is recorded with the test, not asserted.
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import { aResident } from './factories';
import { expect, expectAccessible, signIn, test } from './fixtures';

const slow2G = {
	offline: false,
	latency: 300,
	downloadThroughput: 250_000 / 8,
	uploadThroughput: 50_000 / 8
};

test('an appointment is booked on a 2G connection', async ({ page, context }, testInfo) => {
	test.setTimeout(240_000);
	const scripted = testInfo.project.use.javaScriptEnabled !== false;
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', slow2G);
	const started = Date.now();

	await signIn(page, (await aResident({ withMobile: true })).mobile!);
	const step = async (heading: string) => {
		await page.getByRole('button', { name: en.booking.continue }).click();
		await page.waitForLoadState('load');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expectAccessible(page);
	};
	await page.goto('/appointments/book');
	await expectAccessible(page);
	await page.getByLabel('GP appointment').first().check();
	await step(en.booking.howTitle);
	await page.getByLabel(en.appointments.modes.phone).check();
	await step(en.booking.dayTitle);
	// The third week, away from the first and last times other tests take; each project its own.
	// (The resident is the test's own, but the diary's free times are everyone's.)
	await page.goto('/appointments/book/day?week=2');
	await expectAccessible(page);
	await page
		.locator('input[name=day]')
		.nth(scripted ? 2 : 1)
		.check();
	await step(en.booking.timeTitle);
	await page
		.locator('input[name=slot]')
		.nth(scripted ? 3 : 2)
		.check();
	await step(en.booking.needsTitle);
	await step(en.booking.checkTitle);
	await page.getByRole('button', { name: en.booking.submit }).click();
	await page.waitForLoadState('load');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.booking.confirmationTitle);
	await expectAccessible(page);

	const took = `${((Date.now() - started) / 1000).toFixed(1)} s with JavaScript ${scripted ? 'on' : 'off'}`;
	testInfo.annotations.push({ type: '2G booking', description: took });
	console.log(`Booked over emulated 2G in ${took} (axe checks included)`);
});
