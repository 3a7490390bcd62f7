// The end-to-end run on PostgreSQL: two app instances over one database, behind a round-robin
// proxy (round-robin.js), as a hosting would run them. Started by scripts/e2e-postgres.js, which
// makes the throwaway PostgreSQL (DATABASE_URL) and the fake Notify both instances send through.
// The journeys that must hold across instances run here (several-instances.e2e.ts); the whole
// suite runs on SQLite (playwright.config.ts).
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_POSTGRES_PORT ?? 4280);
/** The proxy on the port, the instances on the two after it (several-instances.e2e.ts knows). */
const instances = [port + 1, port + 2];
const baseURL = `http://127.0.0.1:${port}`;

if (!process.env.DATABASE_URL) throw new Error('run through scripts/e2e-postgres.js');
/**
 * More of the suite's spec files to run on the two instances: booking's unless
 * `E2E_POSTGRES_SPECS` names others (`booking.e2e.ts,appointments.e2e.ts`; empty: none). README,
 * "Tests".
 */
const moreSpecs = (process.env.E2E_POSTGRES_SPECS ?? 'booking.e2e.ts').split(',').filter(Boolean);
// The factories' own connection (factories.ts) is to the same PostgreSQL.
process.env.MIGRATIONS_PATH = path.join(root, 'drizzle-pg');

export default defineConfig({
	...base,
	testMatch: ['several-instances.e2e.ts', ...moreSpecs],
	testIgnore: [],
	outputDir: path.join(root, 'test-results', 'postgres'),
	globalTeardown: [],
	use: { ...base.use, baseURL },
	projects: [{ name: 'no-js', use: { javaScriptEnabled: false } }],
	webServer: [
		...instances.map((instancePort, index) => ({
			// Each applies the migrations not yet applied, under an advisory lock.
			command: `node build > "${path.join(root, 'data', `e2e-postgres-${index}.log`)}" 2>&1`,
			cwd: root,
			url: `http://127.0.0.1:${instancePort}/healthz`,
			reuseExistingServer: false,
			timeout: 60_000,
			env: {
				// The first copies the demo in, for specs that sign in as its people; the second
				// starts once the first answers (Playwright starts its web servers in turn).
				...(index === 0 && moreSpecs.length > 0
					? { JOINED_UP_DEMO: 'true', JOINED_UP_DEMO_POPULATION: '150' }
					: {}),
				DATABASE_URL: process.env.DATABASE_URL!,
				HOST: '127.0.0.1',
				PORT: String(instancePort),
				ORIGIN: baseURL,
				LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: '100000',
				LIMIT_REGISTRATIONS_PER_ADDRESS: '100000',
				LIMIT_RESET_CODES_PER_ADDRESS: '100000',
				// Both workers send through the fake Notify, every half second.
				MESSAGES_DRIVER: 'notify',
				MESSAGES_POLL_MS: '500',
				NOTIFY_BASE_URL: process.env.NOTIFY_BASE_URL!,
				NOTIFY_API_KEY: process.env.NOTIFY_API_KEY!,
				NOTIFY_EMAIL_TEMPLATE_ID: '5e2a7f4c-0000-4000-8000-000000000001',
				NOTIFY_SMS_TEMPLATE_ID: '5e2a7f4c-0000-4000-8000-000000000002',
				NOTIFY_RECEIVED_TEXT_TOKEN: process.env.NOTIFY_RECEIVED_TEXT_TOKEN!
			}
		})),
		{
			command: `node tests/round-robin.js ${port} ${instances.join(' ')}`,
			cwd: root,
			port,
			reuseExistingServer: false,
			timeout: 10_000
		}
	]
});
