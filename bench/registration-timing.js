// Whether asking to create an account answers sooner for a new address than for one that is
// already an account's: the median (and p10/p90) of POST /register each way, sent one at a
// time and interleaved, each to a different address (each address may be sent 5 codes an hour).
// Either way the next page is /register/code; a new address is sent a code, an existing one a
// message (see src/lib/server/auth/account-confirmation.ts). The existing accounts are added to
// the bench's own demo database before measuring.
//
//     node bench/registration-timing.js [requests each way, default 100]
import { startBenchServer } from './server.js';
import { addPatientAccounts, printTimings, timedPost } from './timing.js';

const each = Number(process.argv[2] ?? 100);
const port = 4392;
const server = startBenchServer({
	port,
	databaseName: 'bench-registration-timing.db',
	env: { LIMIT_REGISTRATIONS_PER_ADDRESS: String(each * 4), LOG_LEVEL: 'warn' }
});

const ask = (identifier) =>
	timedPost(
		server.origin,
		'/register',
		{ identifier, password: 'steady clock tower' },
		{ expectedLocation: '/register/code' }
	);

try {
	await server.ready();
	addPatientAccounts(server.database, each, (i) => `bench-registered-${i}@example.org`);
	// A few requests first, so that no measured one pays for loading code.
	for (let i = 0; i < 5; i++) {
		await ask(`warm-new-${i}@example.org`);
	}
	const times = { account: [], new: [] };
	for (let i = 0; i < each; i++) {
		times.account.push(await ask(`bench-registered-${i}@example.org`));
		times.new.push(await ask(`bench-new-${i}@example.org`));
	}
	printTimings(`POST /register, ${each} requests each way, one at a time (ms)`, times);
} finally {
	await server.stop();
}
