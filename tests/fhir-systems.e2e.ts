// An ICS admin registers another organisation's system with its public key, with JavaScript off:
// a private key or a bad scope is refused first, field by field; the system's page gives what its
// people need (client id, token endpoint); the system gets a token with an assertion signed by
// its key, until the admin withdraws its access; and every call is in the call log. Nobody but
// an admin finds these pages. The resident's activity log names the system that changed their
// care.
import type { APIRequestContext, Page } from '@playwright/test';
import { exportJWK, generateKeyPair } from 'jose';
import en from '../src/lib/i18n/locales/en.json' with { type: 'json' };
import staffEn from '../src/lib/i18n/staff/en.json' with { type: 'json' };
import { expect, expectAccessible, test } from './fixtures';
import {
	aChangeBySystem,
	anAccountLike,
	aResident,
	clientAssertion,
	signInAs,
	uniqueWord,
	type RegisteredSystem
} from './factories';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled, 'plain forms; nothing needs JavaScript');

const words = staffEn.systems;
const hospital = 'Eastmere and Westbrook Hospitals NHS Trust';

/** A token request as the system makes one: the client credentials grant, signed by its key. */
async function askForToken(request: APIRequestContext, tokenUrl: string, system: RegisteredSystem) {
	return request.post(tokenUrl, {
		form: {
			grant_type: 'client_credentials',
			scope: 'system/*.read',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: await clientAssertion(system, tokenUrl)
		}
	});
}

/** The value a row of the system's page shows, by its key. */
const shown = (page: Page, key: string) =>
	page.locator('.nhsuk-summary-list__row').filter({ hasText: key }).locator('dd');

test('an admin registers a system, which gets tokens until its access is withdrawn', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(120_000);
	const name = `Eastmere PAS ${uniqueWord()}`;
	const keys = await generateKeyPair('ES384', { extractable: true });
	const publicKey = { ...(await exportJWK(keys.publicKey)), kid: 'one', alg: 'ES384' };
	const privateKey = { ...(await exportJWK(keys.privateKey)), kid: 'one', alg: 'ES384' };

	const admin = await anAccountLike('admin@example.org', `admin-${uniqueWord()}@example.org`);
	await signInAs(page.context(), admin);
	await page.goto('/');
	await expectAccessible(page);
	await page.getByRole('link', { name: en.home.systemsLink }).click();
	await expect(page).toHaveURL('/staff/systems');
	await expectAccessible(page);
	await page.getByRole('link', { name: words.registerLink }).click();
	await expect(page).toHaveURL('/staff/systems/new');
	await expectAccessible(page);

	// A private key pasted by mistake, and a scope that is not a system scope: refused, each
	// at its field, with what was typed kept.
	await page.getByLabel(words.new.name).fill(name);
	const organisation = page.getByLabel(words.new.organisation);
	await organisation.selectOption({ label: hospital });
	const organisationId = Number(await organisation.inputValue());
	await page.getByLabel(words.new.jwks).fill(JSON.stringify(privateKey));
	await page.getByLabel(words.new.scopes).fill('system/*.read\nuser/*.read');
	await page.getByRole('button', { name: words.new.submit }).click();
	await expectAccessible(page);
	const summary = page.locator('.nhsuk-error-summary');
	await expect(summary).toContainText(words.new.errors.jwks.invalid);
	await expect(summary).toContainText(words.new.errors.scopes.invalid);
	await expect(summary.getByRole('link')).toHaveCount(2);
	await expect(page.locator('#jwks-error')).toContainText(words.new.errors.jwks.invalid);
	await expect(page.locator('#scopes-error')).toContainText(words.new.errors.scopes.invalid);
	await expect(page.getByLabel(words.new.name)).toHaveValue(name);
	await expect(page.getByLabel(words.new.organisation).locator('option:checked')).toHaveText(
		hospital
	);
	await expect(page.getByLabel(words.new.scopes)).toHaveValue('system/*.read\nuser/*.read');

	await page.getByLabel(words.new.jwks).fill(JSON.stringify({ keys: [publicKey] }));
	await page.getByLabel(words.new.scopes).fill('system/*.read');
	await page.getByRole('button', { name: words.new.submit }).click();
	await expect(page).toHaveURL(/\/staff\/systems\/\d+$/);
	await expectAccessible(page);
	const systemPage = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	const clientId = (await shown(page, words.clientId).textContent())!.trim();
	const tokenUrl = (await shown(page, words.system.tokenUrl).textContent())!.trim();
	expect(clientId).toMatch(/^\S{20,}$/);
	const system: RegisteredSystem = { clientId, organisationId, privateKey: keys.privateKey };
	expect(tokenUrl).toBe(`${baseURL}/fhir/R4/auth/token`);
	await expect(shown(page, words.system.fhirBase)).toHaveText(`${baseURL}/fhir/R4`);
	await expect(shown(page, words.keys)).toHaveText('one');

	// Staff who are not admins find none of it, and cannot withdraw it.
	const staff = await browser.newContext();
	try {
		await signInAs(staff, await anAccountLike('staff@example.org', `s-${uniqueWord()}@x.org`));
		for (const path of ['/staff/systems', '/staff/systems/new', '/staff/systems/calls']) {
			expect((await staff.request.get(path)).status(), path).toBe(404);
		}
		expect((await staff.request.get(systemPage)).status()).toBe(404);
		const withdrawing = await staff.request.post(`${systemPage}?/withdraw`, {
			headers: { origin: baseURL!, accept: 'text/html' },
			form: {},
			maxRedirects: 0
		});
		expect(withdrawing.status()).toBe(404);
	} finally {
		await staff.close();
	}

	const granted = await askForToken(request, tokenUrl, system);
	expect(granted.status()).toBe(200);
	expect(await granted.json()).toMatchObject({
		access_token: expect.any(String),
		token_type: 'bearer',
		scope: 'system/*.read'
	});

	await page.getByRole('button', { name: words.system.withdraw }).click();
	await expect(page).toHaveURL(systemPage);
	await expectAccessible(page);
	await expect(page.locator('main')).toContainText(
		words.system.withdrawnOn.split('{{date}}')[0]!.trim()
	);
	await expect(page.getByRole('button', { name: words.system.withdraw })).toHaveCount(0);

	const refused = await askForToken(request, tokenUrl, system);
	expect(refused.status()).toBe(401);
	expect(await refused.json()).toMatchObject({ error: 'invalid_client' });

	// Both token calls are in the log: the system's own, and every system's.
	await page.reload();
	await expectAccessible(page);
	const ownCalls = page.locator('main tbody tr');
	await expect(ownCalls).toHaveCount(2);
	await expect(ownCalls.nth(0)).toContainText('401: invalid_client');
	await expect(ownCalls.nth(1)).toContainText(words.calls.interactions.token);
	await page.getByRole('link', { name: en.common.back }).click();
	await expectAccessible(page);
	// Withdrawn: when, rather than "No".
	await expect(
		page.locator('tbody tr').filter({ hasText: name }).locator('td').last().locator('div')
	).toHaveText(/\d{4}/);
	await page.getByRole('link', { name: words.callsLink }).click();
	await expect(page).toHaveURL('/staff/systems/calls');
	await expectAccessible(page);
	const calls = page.locator('main tbody tr').filter({ hasText: name });
	await expect(calls).toHaveCount(2);
	await expect(calls.filter({ hasText: '401: invalid_client' })).toHaveCount(1);
	await expect(calls.filter({ hasNotText: 'invalid_client' })).toContainText(
		words.calls.interactions.token
	);

	// What the system changed in someone's care, they read as done by it, named.
	const resident = await aResident();
	await aChangeBySystem(resident, system, 'SYS 4AT');
	await page.context().clearCookies();
	await signInAs(page.context(), resident.userId);
	await page.goto('/activity');
	await expectAccessible(page);
	const byTheSystem = en.activity.by.fhir
		.replace('{{organisation}}', hospital)
		.replace('{{system}}', name);
	await expect(page.locator('main ol li').first()).toContainText(byTheSystem);
	await expect(page.getByLabel(en.activity.filterLabel)).toContainText(byTheSystem);
});
