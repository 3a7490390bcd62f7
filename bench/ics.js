// Every resident page at the size of a real ICS, each measured beside a bare SvelteKit page in the
// same run (issue 24). Copies a generated database (bench/population.js; the original is only
// read), starts Joined Up's production build on the copy as a production server starts (no demo
// data), timing start-up to the first 200 from /healthz, and the yardstick (bench/yardstick) on
// another loopback port. Signs the manifest's accounts in through /sign-in, then measures with
// autocannon the yardstick and each page in turn (yardstick, page, yardstick, page, ..., yardstick),
// so each page's ratio is to the yardstick runs on either side of it, the nearest in time. Samples
// the server's memory from /proc throughout. Prints one table, stops both servers and removes the
// copy, also when it fails or is interrupted. Never fails on a timing: read the figures.
// Build first: `npm run build` (the yardstick is built by `npm run bench:ics`).
//
//   node bench/ics.js [database, default data/ics-2000000.db] [seconds per page, default 10]
//     [connections, default 10] [--manifest FILE, default <database>.json] [--keep]
//     [--only TEXT] [--profile DIR]
//
// `--keep` leaves the scratch copy (data/ics-bench.db, migrated by the server) for a look with
// sqlite3 afterwards; it is replaced by the next run. `--only` measures only the rows whose title
// holds TEXT ("booking" is the booking row). `--profile` runs the server with Node's `--cpu-prof`,
// writing its profile into DIR when it stops: with `--only`, one page's; read it with
// `node bench/profile-summary.js DIR/*.cpuprofile`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import {
	bookingCookie,
	freeSlots,
	heldTimes,
	londonDate,
	pairSlotsWithPatients
} from './booking.js';
import { sqliteRows } from './database.js';
import { measure } from './load.js';
import { benchDatabase, root, startBenchServer, startYardstick } from './server.js';

const { values: options, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		manifest: { type: 'string' },
		keep: { type: 'boolean', default: false },
		only: { type: 'string' },
		profile: { type: 'string' }
	}
});
const chosen = (title) => !options.only || title.includes(options.only);
const source = path.resolve(positionals[0] ?? path.join(root, 'data', 'ics-2000000.db'));
const seconds = Number(positionals[1] ?? 10);
const connections = Number(positionals[2] ?? 10);
if (!(seconds > 0) || !(connections >= 1)) {
	console.error(
		'usage: node bench/ics.js [database] [seconds per page] [connections] [--manifest FILE] [--keep]'
	);
	process.exit(2);
}
const manifest = JSON.parse(readFileSync(options.manifest ?? `${source}.json`, 'utf8'));
const warmUpSeconds = 1;
const joinedUpPort = 4221;
const yardstickPort = 4222;
// Sign-in runs argon2 on the server; enough patients that bookings never wait on one another.
const bookingPatients = 40;
const scratchName = 'ics-bench.db';

/** The server's resident memory now and at its highest (VmRSS, VmHWM), in MB. */
function memoryOf(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const mb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
	return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
}

/** Accounts and the ids booking's answers cookie names them by, from the copy. */
function accountsOf(db, emails) {
	const byEmail = db.prepare('SELECT id, patient_id AS patient FROM users WHERE email = ?');
	return emails.map((email) => {
		const user = byEmail.get(email);
		if (!user?.patient) throw new Error(`${email}: no such patient account in the database`);
		return { email, actor: user.id, subject: user.patient };
	});
}

/**
 * A diary's free slots in the booking window, leaving a few minutes' margin at each end so none
 * passes out of the window during the run.
 */
async function freeSlotsOf(db, diary) {
	const now = Date.now();
	return await freeSlots(sqliteRows(db), {
		from: now + 10 * 60_000,
		to: now + (28 * 24 - 1) * 60 * 60_000,
		diary
	});
}

/** The London day on which most of these slots start. */
function busiestDay(slots) {
	const counts = new Map();
	for (const slot of slots) {
		const day = londonDate(new Date(slot.startsAt));
		counts.set(day, (counts.get(day) ?? 0) + 1);
	}
	return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

// Other work on the machine moves every figure: the one-minute load average says how much.
const loadAtStart = loadavg()[0];
const scratch = benchDatabase(scratchName);
let server;
let yardstick;
let failed = false;
let sampler;
try {
	mkdirSync(path.join(root, 'data'), { recursive: true });
	const copyStarted = performance.now();
	await scratch.copyFrom(source);
	const copySeconds = (performance.now() - copyStarted) / 1000;
	server = startBenchServer({
		port: joinedUpPort,
		databaseName: scratchName,
		reuseDatabase: true,
		keepDatabase: options.keep,
		nodeArgs: options.profile
			? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`]
			: []
	});
	// Migrations newer than the generated database run on the copy first: part of start-up.
	const startUpMs = await server.ready(300);
	const afterStartUp = memoryOf(server.pid);
	let underLoad = false;
	let peakUnderLoad = 0;
	sampler = setInterval(() => {
		if (underLoad) peakUnderLoad = Math.max(peakUnderLoad, memoryOf(server.pid).rss);
	}, 200);
	yardstick = startYardstick({ port: yardstickPort });
	await yardstick.ready();

	const { origin } = server;
	const { password } = manifest;
	const db = new Database(server.database, { readonly: true });
	// A server's first minutes after a start hold its message worker's first round: tomorrow's
	// reminders queued and sent (thousands in an ICS, read from a cold disk). Measured after it,
	// so the first page measured is not the one that pays for it; how long it took is reported.
	const workerStarted = performance.now();
	const queuedNow = db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'queued'`);
	let queued = queuedNow.get().n;
	for (let waited = 0; waited < 300 && queued > 0; waited++) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		queued = queuedNow.get().n;
	}
	const firstRoundSeconds = (performance.now() - workerStarted) / 1000;
	const resident = await server.signIn(manifest.resident.email, password);
	const carer = await server.signIn(manifest.carer.email, password);
	const staff = await server.signIn(manifest.staff.email, password);

	// A diary's booking journey, answered up to each step, as a patient who may book there.
	async function journeyOf(diary) {
		const [patient] = accountsOf(db, diary.patientEmails.slice(0, 1));
		const session = await server.signIn(patient.email, password);
		const all = await freeSlotsOf(db, diary);
		if (all.length === 0) throw new Error(`diary ${diary.serviceId}: no free slots`);
		// A diary may offer its times several ways: the journey takes the way with most of them.
		const ways = new Map();
		for (const s of all) ways.set(s.mode, [...(ways.get(s.mode) ?? []), s]);
		const [mode, free] = [...ways].sort((a, b) => b[1].length - a[1].length)[0];
		const day = busiestDay(free);
		const slot = free.find((s) => londonDate(new Date(s.startsAt)) === day).id;
		const answers = {
			service: diary.serviceId,
			mode,
			...(mode === 'in_person' ? { location: diary.locationId } : {})
		};
		const cookie = (more) => `${session}; ${bookingCookie(patient, { ...answers, ...more })}`;
		return {
			mode,
			free,
			session,
			step: {
				book: session,
				how: cookie({ mode: undefined, location: undefined }),
				where: cookie({ location: undefined }),
				day: cookie({}),
				time: cookie({ day }),
				needs: cookie({ day, slot }),
				check: cookie({ day, slot, needs: {} })
			}
		};
	}
	const busiest = await journeyOf(manifest.busiestDiary);
	const small = await journeyOf(manifest.smallDiary);
	const big = `${manifest.busiestDiary.slots}-slot diary`;
	const little = `${manifest.smallDiary.slots}-slot diary`;
	// The staff diary on the day its service has most slots, free and booked.
	const staffDay = busiestDay(
		db
			.prepare(
				'SELECT starts_at AS startsAt FROM slots WHERE service_id = ? AND starts_at > ? AND starts_at < ?'
			)
			.all(manifest.staff.serviceId, Date.now(), Date.now() + 28 * 24 * 60 * 60_000)
	);

	// Each page: where, as whom, and what only that page holds (in any language).
	const allPages = [
		['home', '/', resident, 'href="/activity"'],
		['/appointments', '/appointments', resident, 'href="/appointments/book"'],
		['book: service', '/appointments/book', busiest.step.book, 'name="service"'],
		['book: how', '/appointments/book/how', busiest.step.how, 'name="mode"'],
		...(busiest.mode === 'in_person'
			? [['book: where', '/appointments/book/where', busiest.step.where, 'name="location"']]
			: []),
		[`book: day (${big})`, '/appointments/book/day', busiest.step.day, 'name="day"'],
		[`book: time (${big})`, '/appointments/book/time', busiest.step.time, 'name="slot"'],
		[`book: day (${little})`, '/appointments/book/day', small.step.day, 'name="day"'],
		[`book: time (${little})`, '/appointments/book/time', small.step.time, 'name="slot"'],
		['book: needs', '/appointments/book/needs', busiest.step.needs, 'name="interpreterLanguage"'],
		['book: check', '/appointments/book/check', busiest.step.check, 'name="bookingToken"'],
		['care plan', `/care-plans/${manifest.resident.carePlanId}`, resident, 'joined-up-care-plan'],
		['/contact/[id]', `/contact/${manifest.resident.contactId}`, resident, 'id="timeline"'],
		['/people (resident)', '/people', resident, 'href="/people/invite"'],
		['/people (carer)', '/people', carer, 'href="/act-for"'],
		['/activity', '/activity', resident, 'name="by"'],
		['staff: diary day', `/staff/diary?day=${staffDay}`, staff, 'name="slot"'],
		[
			'staff: request queue',
			`/staff/requests?service=${manifest.staff.serviceId}`,
			staff,
			'name="status"'
		]
	];
	const pages = allPages.filter(([title]) => chosen(title));
	// Once outside the runs: each page must really be that page, not a redirect or an error.
	for (const [title, pathname, cookie, marker] of pages) {
		const response = await fetch(origin + pathname, { redirect: 'manual', headers: { cookie } });
		const body = await response.text();
		if (response.status !== 200 || !body.includes(marker)) {
			throw new Error(`${title} (${pathname}): answered ${response.status} without ${marker}`);
		}
	}

	const bare = () =>
		measure({
			origin: yardstick.origin,
			connections,
			seconds,
			warmUpSeconds,
			request: () => ({ method: 'GET', path: '/' }),
			isOk: (status, body) => status === 200 && body.includes('name="day"')
		});
	const onJoinedUp = async (scenario) => {
		underLoad = true;
		try {
			return await measure({ origin, connections, seconds, warmUpSeconds, ...scenario });
		} finally {
			underLoad = false;
		}
	};
	const notes = [];
	const measured = [];
	const yardsticks = [(await bare()).row];
	for (const [title, pathname, cookie, marker] of pages) {
		const { row, statuses } = await onJoinedUp({
			request: () => ({ method: 'GET', path: pathname, headers: { cookie } }),
			isOk: (status, body) => status === 200 && body.includes(marker)
		});
		measured.push({ title, row });
		if (row.unexpected > 0) notes.push(`${title}: statuses ${JSON.stringify(statuses)}`);
		yardsticks.push((await bare()).row);
	}

	// Booking in the busiest diary, a new free slot each, each sent by a patient of the diary who
	// holds nothing at that time; the answers cookie and one-time token made here, as in
	// bench/appointments.js (the server keeps no token until a booking stores it).
	const bookingTitle = `booking (${big}, a new slot each)`;
	let bookingSummary = null;
	if (chosen(bookingTitle)) await measureBooking();
	const atEnd = memoryOf(server.pid);
	db.close();
	async function measureBooking() {
		const patients = accountsOf(db, manifest.busiestDiary.patientEmails.slice(0, bookingPatients));
		const sessions = [];
		for (let i = 0; i < patients.length; i += 4) {
			const batch = patients.slice(i, i + 4);
			sessions.push(...(await Promise.all(batch.map((p) => server.signIn(p.email, password)))));
		}
		const pairs = pairSlotsWithPatients(
			await freeSlotsOf(db, manifest.busiestDiary),
			await heldTimes(
				sqliteRows(db),
				patients.map((patient) => patient.subject)
			)
		);
		let next = 0;
		const booking = await onJoinedUp({
			limit: () => pairs.length - next,
			request: () => ({
				method: 'POST',
				path: '/appointments/book/check?/book',
				setupRequest(request) {
					const { slot, patient } = pairs[next++ % pairs.length];
					const answers = {
						service: manifest.busiestDiary.serviceId,
						mode: slot.mode,
						...(slot.mode === 'in_person' ? { location: manifest.busiestDiary.locationId } : {}),
						day: londonDate(new Date(slot.startsAt)),
						slot: slot.id,
						needs: {}
					};
					request.headers = {
						origin,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded',
						cookie: `${sessions[patient]}; ${bookingCookie(patients[patient], answers)}`
					};
					request.body = `bookingToken=${randomBytes(20).toString('hex')}`;
					return request;
				}
			}),
			isOk: (status, body, headers) =>
				status === 303 && /^\/appointments\/\d+\/confirmation$/.test(headers.location)
		});
		measured.push({ title: bookingTitle, row: booking.row });
		bookingSummary =
			`booking: ${booking.row.requests} responses, ${booking.ok} of them redirects to a ` +
			`confirmation, from ${pairs.length} free slots paired with ${patients.length} patients`;
		if (booking.row.unexpected > 0)
			notes.push(`booking: statuses ${JSON.stringify(booking.statuses)}`);
		yardsticks.push((await bare()).row);
	}

	// Measured k sits between yardstick runs k and k+1: its ratio is to their mean.
	const rows = measured.map(({ title, row }, k) => {
		const beside = (yardsticks[k]['req/s'] + yardsticks[k + 1]['req/s']) / 2;
		return {
			page: title,
			'req/s': row['req/s'],
			'p50 ms': row['p50 ms'],
			'p95 ms': row['p95 ms'],
			'p99 ms': row['p99 ms'],
			unexpected: row.unexpected,
			errors: row.errors,
			'bare req/s': Math.round(beside),
			ratio: Number((row['req/s'] / beside).toFixed(2))
		};
	});
	const bareRates = yardsticks.map((row) => row['req/s']);
	const bareP95 = yardsticks.map((row) => row['p95 ms']);
	const bareBad = yardsticks.reduce((sum, row) => sum + row.unexpected + row.errors, 0);
	const megabytes = (bytes) => Math.round(bytes / 1024 / 1024);
	console.log(
		`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ` +
			`${availableParallelism()} CPUs, ${path.basename(source)} ` +
			`${megabytes(statSync(source).size)} MB, ${manifest.residents} residents; ` +
			`${seconds} s per run after a ${warmUpSeconds} s warm-up, ${connections} connections; ` +
			`load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`
	);
	console.log(
		`start-up: ${Math.round(startUpMs)} ms from spawning the server to its first 200 from ` +
			`/healthz (the copy took ${copySeconds.toFixed(1)} s, before it); the message worker's ` +
			`first round (tomorrow's reminders) then ended ${firstRoundSeconds.toFixed(0)} s later, ` +
			`with ${queued} messages still queued`
	);
	console.table(rows);
	console.log(
		`bare page (yardstick), ${yardsticks.length} runs between the rows: ` +
			`${Math.min(...bareRates)}-${Math.max(...bareRates)} req/s, ` +
			`p95 ${Math.min(...bareP95)}-${Math.max(...bareP95)} ms, ${bareBad} unexpected or errors`
	);
	console.log(
		`server memory: RSS ${Math.round(afterStartUp.rss)} MB after start-up, ` +
			`peak ${Math.round(peakUnderLoad)} MB under load (sampled every 200 ms), ` +
			`${Math.round(atEnd.rss)} MB at the end; VmHWM ${Math.round(atEnd.hwm)} MB`
	);
	if (bookingSummary) console.log(bookingSummary);
	for (const note of notes) console.log(note);
	if (notes.length > 0 && server.log()) console.log(`server errors:\n${server.log()}`);
	if (options.keep) console.log(`kept the copy: ${server.database}`);
} catch (error) {
	failed = true;
	console.error(error);
} finally {
	clearInterval(sampler);
	await yardstick?.stop();
	if (server) await server.stop();
	else scratch.remove();
	if (!options.keep) scratch.remove();
}
if (failed) process.exitCode = 1;
