// Whether "find my record" answers sooner when the details match no record than when they match
// one (and a code is made and queued): the median (and p10/p90) of POST /your-record/find each
// way, sent one at a time and interleaved. Each match is a record of its own (a record is sent a
// few codes a day at most), and each account asks fewer times than the resident-search allowance
// of 30. The records and accounts are added to the bench's own demo database before measuring.
//
//     node bench/find-record-timing.js [requests each way, default 100]
import Database from 'better-sqlite3';
import { startBenchServer } from './server.js';
import { printTimings, timedPost } from './timing.js';

const each = Number(process.argv[2] ?? 100);
const perAccount = 25;
const port = 4392;
const server = startBenchServer({
	port,
	databaseName: 'bench-find-record-timing.db',
	env: { LOG_LEVEL: 'warn' }
});
const { origin } = server;

const record = (i) => ({
	givenName: 'Bench',
	familyName: `Match${i}`,
	dateOfBirth: '1960-01-01',
	postcode: 'E20 1QP'
});
const accounts = (way) =>
	Array.from(
		{ length: Math.ceil(each / perAccount) },
		(_, k) => `bench-find-${way}-${k}@example.org`
	);

function addData(database) {
	const db = new Database(database, { fileMustExist: true });
	try {
		const patient = db.prepare(
			`INSERT INTO patients (given_name, family_name, date_of_birth, postcode, mobile)
			 VALUES (?, ?, ?, ?, ?)`
		);
		const account = db.prepare(
			`INSERT INTO users (email, password_hash, role)
			 SELECT ?, password_hash, 'patient' FROM users WHERE email = 'patient@example.org'`
		);
		db.transaction(() => {
			for (let i = 0; i < each + 5; i++) {
				const { givenName, familyName, dateOfBirth, postcode } = record(i);
				patient.run(givenName, familyName, dateOfBirth, postcode, `+4477009${String(10000 + i)}`);
			}
			for (const email of [
				...accounts('match'),
				...accounts('none'),
				'bench-find-warm@example.org'
			]) {
				account.run(email);
			}
		})();
	} finally {
		db.close();
	}
}

function ask(cookie, details) {
	const [year, month, day] = details.dateOfBirth.split('-');
	return timedPost(
		origin,
		'/your-record/find',
		{
			givenName: details.givenName,
			familyName: details.familyName,
			'dateOfBirth-day': day,
			'dateOfBirth-month': month,
			'dateOfBirth-year': year,
			postcode: details.postcode
		},
		{ cookie, expectedLocation: '/your-record/code' }
	);
}

try {
	await server.ready();
	addData(server.database);
	const cookies = { match: [], none: [] };
	for (const way of ['match', 'none']) {
		for (const email of accounts(way)) cookies[way].push(await server.signIn(email));
	}
	// A few requests first (records beyond those measured), so no measured one pays for loading code.
	const warm = await server.signIn('bench-find-warm@example.org');
	for (let i = 0; i < 5; i++) await ask(warm, record(each + i));
	const times = { match: [], 'no match': [] };
	for (let i = 0; i < each; i++) {
		const account = Math.floor(i / perAccount);
		times.match.push(await ask(cookies.match[account], record(i)));
		times['no match'].push(
			await ask(cookies.none[account], { ...record(i), familyName: `Nobody${i}` })
		);
	}
	printTimings(`POST /your-record/find, ${each} requests each way, one at a time (ms)`, times);
} finally {
	await server.stop();
}
