// End-to-end tests against a production build with its own fresh demo database, in the system
// Chromium (never a downloaded browser), with JavaScript off, and some again with it on.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

/** The run's own database and the server's log, scanned for personal details at the end. */
export const e2eDatabase = path.join(root, 'data', 'e2e.db');
export const e2eServerLog = path.join(root, 'data', 'e2e-server.log');

// The test workers' own connection, for factories.ts: the app's server code reads where its
// database and migrations are from these when it first opens the database.
process.env.DATABASE_PATH = e2eDatabase;
process.env.MIGRATIONS_PATH = path.join(root, 'drizzle');

/** The bearer token the app expects on GOV.UK Notify's delivery receipts (fake-notify.ts posts them). */
export const notifyDeliveryReceiptToken = 'e2e-delivery-receipt-token';

/**
 * The bearer token of Notify's received-text callback, set for the server and for the factories
 * (which book through the domain): texts about appointments then offer replies, and tests post
 * replies to the callback as Notify would.
 */
export const receivedTextToken = 'e2e-received-text-token';
process.env.NOTIFY_RECEIVED_TEXT_TOKEN = receivedTextToken;

/** The local NHS login provider, 1000 ports above the app, so parallel runs never share one. */
const nhsLoginPort = port + 1000;
export const nhsLoginIssuer = `http://127.0.0.1:${nhsLoginPort}`;
const nhsLoginEnv = {
	NHS_LOGIN_ISSUER: nhsLoginIssuer,
	NHS_LOGIN_CLIENT_ID: 'joined-up-e2e',
	NHS_LOGIN_PRIVATE_KEY_FILE: path.join(root, 'data', `nhs-login-e2e-${nhsLoginPort}.pem`),
	NHS_LOGIN_REDIRECT_URI: `${baseURL}/sign-in/nhs-login/callback`
};

const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
	(candidate): candidate is string => Boolean(candidate && fs.existsSync(candidate))
);

export default defineConfig({
	testDir: '.',
	testMatch: '*.e2e.ts',
	// Two instances over PostgreSQL: its own run (playwright.postgres.config.ts).
	testIgnore: 'several-instances.e2e.ts',
	outputDir: path.join(root, 'test-results'),
	fullyParallel: true,
	// Tests make what they use (factories.ts) and share nothing that changes, so any number of
	// workers is safe (the suite passes with four). On this two-core machine, with nothing else
	// running, the whole suite took 12.6 min with two and 14.3 min with four: axe, html-validate,
	// the server and the browser all want the same cores. A bigger machine can pass --workers.
	workers: 2,
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	reporter: process.env.CI ? 'line' : 'list',
	// Journeys check every page with axe, and a loaded two-core CI machine is slow at it.
	timeout: 90_000,
	use: {
		baseURL,
		locale: 'en-GB',
		launchOptions: {
			executablePath: systemChromium,
			args: [
				// Chromium refuses to sandbox as root, which is how CI runs.
				...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'no-js', use: { javaScriptEnabled: false } },
		// Pages send no client framework (csr = false); their one script registers the service
		// worker. With JavaScript on, the pages, signing in and booking are run again as a check
		// that it changes nothing, and the offline behaviour (which needs it) is proved; not every
		// journey, which would double the time CI takes.
		{
			name: 'js',
			use: { javaScriptEnabled: true },
			testMatch: [
				'pages.e2e.ts',
				'accounts.e2e.ts',
				'booking.e2e.ts',
				'offline.e2e.ts',
				'slow-network.e2e.ts'
			]
		}
	],
	// When the run is over: the server's log names no one (log-scan.ts), and everything the FHIR
	// interface can emit from the run's database validates (fhir-conformance-check.ts).
	globalTeardown: ['./log-scan.ts', './fhir-conformance-check.ts'],
	webServer: [
		{
			// The local NHS login provider (nhs-login-provider/), on its own port beside the app's.
			command: 'node nhs-login-provider/server.js',
			cwd: root,
			url: `${nhsLoginIssuer}/.well-known/openid-configuration`,
			reuseExistingServer: false,
			timeout: 30_000,
			env: { ...nhsLoginEnv, NHS_LOGIN_PROVIDER_PORT: String(nhsLoginPort) }
		},
		{
			// Everything the server logs is kept, for log-scan.ts to read when the run is over.
			command: `mkdir -p data && node build > "${e2eServerLog}" 2>&1`,
			cwd: root,
			url: `${baseURL}/healthz`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				...nhsLoginEnv,
				JOINED_UP_DEMO: 'true',
				// The demo's wider population, smaller: the FHIR check after the run reads every
				// resource, a few milliseconds each (3,000 residents add over two minutes).
				JOINED_UP_DEMO_POPULATION: '150',
				DATABASE_PATH: e2eDatabase,
				HOST: '127.0.0.1',
				PORT: String(port),
				ORIGIN: baseURL,
				// Every test comes from the one loopback address: limits per address would hold back
				// the whole suite. Limits per account are as in service (see security.e2e.ts).
				LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: '100000',
				LIMIT_REGISTRATIONS_PER_ADDRESS: '100000',
				LIMIT_RESET_CODES_PER_ADDRESS: '100000',
				NOTIFY_DELIVERY_RECEIPT_TOKEN: notifyDeliveryReceiptToken,
				NOTIFY_RECEIVED_TEXT_TOKEN: receivedTextToken
			}
		}
	]
});
