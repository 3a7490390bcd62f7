// Whether asking for a password reset code answers sooner for an address with no account than
// for one with an account: the median (and p10/p90) of POST /sign-in/reset each way, sent one
// at a time and interleaved, each to a different address (each address may ask for 5 codes an
// hour). The accounts are added to the bench's own demo database before measuring.
//
//     node bench/reset-timing.js [requests each way, default 200]
import { startBenchServer } from './server.js';
import { addPatientAccounts, printTimings, timedPost } from './timing.js';

const each = Number(process.argv[2] ?? 200);
const port = 4391;
const server = startBenchServer({
	port,
	databaseName: 'bench-reset-timing.db',
	env: { LIMIT_RESET_CODES_PER_ADDRESS: String(each * 4), LOG_LEVEL: 'warn' }
});

const ask = (identifier) => timedPost(server.origin, '/sign-in/reset', { identifier });

try {
	await server.ready();
	addPatientAccounts(server.database, each, (i) => `bench-reset-${i}@example.org`);
	// A few requests first, so that no measured one pays for loading code.
	for (let i = 0; i < 5; i++) {
		await ask(`warm-nobody-${i}@example.org`);
	}
	const times = { account: [], 'no account': [] };
	for (let i = 0; i < each; i++) {
		times.account.push(await ask(`bench-reset-${i}@example.org`));
		times['no account'].push(await ask(`bench-nobody-${i}@example.org`));
	}
	printTimings(`POST /sign-in/reset, ${each} requests each way, one at a time (ms)`, times);
} finally {
	await server.stop();
}
