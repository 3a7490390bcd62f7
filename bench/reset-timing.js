// Whether asking for a password reset code answers sooner for an address with no account than
// for one with an account: the median (and p10/p90) of POST /sign-in/reset each way, sent one
// at a time and interleaved, each to a different address (each address may ask for 5 codes an
// hour). The accounts are added to the bench's own demo database before measuring.
//
//     node bench/reset-timing.js [requests each way, default 200]
import Database from 'better-sqlite3';
import { startBenchServer } from './server.js';

const each = Number(process.argv[2] ?? 200);
const port = 4391;
const server = startBenchServer({
	port,
	databaseName: 'bench-reset-timing.db',
	env: { LIMIT_RESET_CODES_PER_ADDRESS: String(each * 4), LOG_LEVEL: 'warn' }
});

function addAccounts(database) {
	const db = new Database(database, { fileMustExist: true });
	try {
		const copy = db.prepare(
			`INSERT INTO users (email, password_hash, role)
			 SELECT ?, password_hash, 'patient' FROM users WHERE email = 'patient@example.org'`
		);
		db.transaction(() => {
			for (let i = 0; i < each; i++) copy.run(`bench-reset-${i}@example.org`);
		})();
	} finally {
		db.close();
	}
}

async function ask(identifier) {
	const started = performance.now();
	const response = await fetch(`${server.origin}/sign-in/reset`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.origin,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams({ identifier }).toString()
	});
	await response.arrayBuffer();
	const took = performance.now() - started;
	if (response.status !== 303) throw new Error(`${identifier}: ${response.status}`);
	return took;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

try {
	await server.ready();
	addAccounts(server.database);
	// A few requests first, so that no measured one pays for loading code.
	for (let i = 0; i < 5; i++) {
		await ask(`warm-nobody-${i}@example.org`);
	}
	const times = { account: [], 'no account': [] };
	for (let i = 0; i < each; i++) {
		times.account.push(await ask(`bench-reset-${i}@example.org`));
		times['no account'].push(await ask(`bench-nobody-${i}@example.org`));
	}
	console.log(`POST /sign-in/reset, ${each} requests each way, one at a time (ms)`);
	console.log('way         p10     median  p90');
	const medians = {};
	for (const [way, list] of Object.entries(times)) {
		const sorted = list.toSorted((a, b) => a - b);
		medians[way] = quantile(sorted, 0.5);
		console.log(
			`${way.padEnd(10)}  ${[0.1, 0.5, 0.9].map((q) => quantile(sorted, q).toFixed(2).padStart(6)).join('  ')}`
		);
	}
	console.log(`median difference: ${(medians.account - medians['no account']).toFixed(2)} ms`);
} finally {
	await server.stop();
}
