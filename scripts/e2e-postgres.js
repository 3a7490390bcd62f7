// The end-to-end run on PostgreSQL with two app instances (README, "Running several instances"):
// a throwaway PostgreSQL server (tests/postgres.ts), a fake GOV.UK Notify that both instances send
// through, then Playwright with tests/playwright.postgres.config.ts (which starts the two
// instances and the round-robin proxy in front of them). When the run is over, every message
// Notify was handed must have been handed once: two workers never sent the same one.
import { spawn } from 'node:child_process';
import { tsImport } from 'tsx/esm/api';

const { startPostgres } = await tsImport('../tests/postgres.ts', import.meta.url);
const { startFakeNotify } = await tsImport('../tests/fake-notify.ts', import.meta.url);

const postgres = await startPostgres();
const notify = await startFakeNotify();
let status;
try {
	// Not spawnSync: the fake Notify answers the instances from this process's event loop.
	const run = spawn(
		'npx',
		[
			'playwright',
			'test',
			'--config',
			'tests/playwright.postgres.config.ts',
			...process.argv.slice(2)
		],
		{
			stdio: 'inherit',
			env: {
				...process.env,
				DATABASE_URL: postgres.url,
				NOTIFY_BASE_URL: notify.url,
				NOTIFY_API_KEY: notify.apiKey
			}
		}
	);
	status = await new Promise((resolve) => run.on('exit', (code) => resolve(code ?? 1)));
	const references = notify.received
		.filter((request) => request.body.reference !== undefined)
		.map((request) => String(request.body.reference));
	const twice = references.filter((reference, index) => references.indexOf(reference) !== index);
	console.log(
		`Notify was handed ${references.length} messages by the two instances, ${twice.length} of them again`
	);
	if (twice.length > 0) {
		console.error(`sent more than once: ${[...new Set(twice)].join(', ')}`);
		status = 1;
	}
	if (references.length === 0) {
		console.error('no message was sent: the run cannot say whether one would be sent twice');
		status = 1;
	}
} finally {
	await notify.close();
	await postgres.stop();
}
process.exit(status);
