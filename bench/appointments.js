// Throughput and latency of booking appointments on a database holding at least 50,000 slots.
// Starts the production build on a loopback port with a fresh demo database, adds bench diaries
// (10-minute slots, 08:00 to 18:00 London time, every day of the 28-day booking window) until the
// window holds 50,000 slots, signs bench patients in through the sign-in form, then measures with
// autocannon: the day-picker page, and booking itself, each request a different slot. Prints a
// table and how many appointments the database gained, and stops the server. It never fails on
// a timing: read the figures. Run `npm run build` first. Then, replies to those bookings' texts
// through Notify's received-text callback, as Notify posts them: each a new text, "1" (keep it)
// from a bench patient's number, which confirms their latest appointment and texts them back.
// Last, the FHIR interface as another organisation's system uses it: Slot searches of a bench
// diary's free times, and Appointment searches by patient and date, with a token got through the
// token endpoint as SMART Backend Services says.
//
//   node bench/appointments.js [seconds per scenario, default 10] [connections, default 10]
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import Database from 'better-sqlite3';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { bookingCookie, londonDate } from './booking.js';
import { measure as measureLoad } from './load.js';
import { startBenchServer } from './server.js';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
if (!(seconds > 0) || !(connections >= 1)) {
	console.error('usage: node bench/appointments.js [seconds per scenario] [connections]');
	process.exit(2);
}
const warmUpSeconds = 1;
const minimumSlots = 50_000;
const patientsPerDiary = 2;
const benchServiceName = 'Bench clinic';

const receivedTextToken = randomBytes(16).toString('hex');
const server = startBenchServer({
	port: 4392,
	databaseName: 'bench-appointments.db',
	// Replies reach the server: texts about appointments ask, and the callback answers.
	env: { NOTIFY_RECEIVED_TEXT_TOKEN: receivedTextToken }
});
const { origin, database } = server;

// London wall-clock times, as src/lib/time.ts writes diaries.
const londonOffset = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	timeZoneName: 'longOffset'
});
function londonOffsetMs(instant) {
	const name = londonOffset.formatToParts(instant).find((part) => part.type === 'timeZoneName');
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name?.value ?? '');
	if (!match) return 0;
	const ms = (Number(match[2]) * 60 + Number(match[3])) * 60_000;
	return match[1] === '-' ? -ms : ms;
}
function londonTime(date, minutes) {
	const [year, month, day] = date.split('-').map(Number);
	const asIfUtc = Date.UTC(year, month - 1, day, 0, minutes);
	const first = asIfUtc - londonOffsetMs(new Date(asIfUtc));
	return asIfUtc - londonOffsetMs(new Date(first));
}

/**
 * Adds bench diaries and patients straight into the database the server made. Each diary is one
 * bench service, in person, shared by two bench patients. All are at one place, as the clinics of
 * a hospital's outpatients are. Returns what the scenarios need.
 */
function seed(db) {
	const now = Date.now();
	const windowEnd = now + 28 * 24 * 60 * 60 * 1000;
	const slotsInWindow = db.prepare(
		'SELECT count(*) FROM slots WHERE starts_at > ? AND starts_at < ?'
	);
	const insertService = db.prepare(
		`INSERT INTO services (organisation_id, name, modes, phone) VALUES (?, ?, '["in_person"]', ?)`
	);
	const insertSlot = db.prepare(
		`INSERT INTO slots (service_id, location_id, mode, starts_at, ends_at)
		 VALUES (?, ?, 'in_person', ?, ?)`
	);
	// Bench patients are reached by text, so each booking's confirmation asks what to do.
	const insertPatient = db.prepare(
		`INSERT INTO patients (given_name, family_name, date_of_birth, postcode, reach_by)
		 VALUES ('Bench', ?, '1980-01-01', 'E20 1AA', 'sms')`
	);
	const insertUser = db.prepare(
		`INSERT INTO users (email, mobile, password_hash, role, patient_id) VALUES (?, ?, ?, 'patient', ?)`
	);
	// The demo patient's hash is of the demo password, which the bench patients then sign in with.
	const passwordHash = db
		.prepare(`SELECT password_hash FROM users WHERE email = 'patient@example.org'`)
		.pluck()
		.get();
	return db.transaction(() => {
		const organisation = db
			.prepare(
				`INSERT INTO organisations (name, kind, borough, phone)
				 VALUES ('Bench Community Clinics', 'community_provider', 'Eastmere', '020 7946 0999')`
			)
			.run().lastInsertRowid;
		const location = db
			.prepare(
				`INSERT INTO locations (organisation_id, name, address, postcode, step_free_access, hearing_loop)
				 VALUES (?, 'Bench Clinic', '9 Test Street, Eastmere, London', 'E20 9ZZ', 1, 1)`
			)
			.run(organisation).lastInsertRowid;
		const today = londonDate(new Date(now));
		const [year, month, day] = today.split('-').map(Number);
		const services = [];
		while (slotsInWindow.pluck().get(now, windowEnd) < minimumSlots) {
			const service = Number(
				insertService.run(
					organisation,
					`${benchServiceName} ${services.length + 1}`,
					'020 7946 0999'
				).lastInsertRowid
			);
			const diary = [];
			for (let offset = 0; offset <= 28; offset++) {
				const date = new Date(Date.UTC(year, month - 1, day + offset)).toISOString().slice(0, 10);
				for (let start = 8 * 60; start < 18 * 60; start += 10) {
					const startsAt = londonTime(date, start);
					if (startsAt <= now || startsAt >= windowEnd) continue;
					const slot = Number(
						insertSlot.run(service, location, startsAt, startsAt + 600_000).lastInsertRowid
					);
					diary.push({ slot, date: londonDate(new Date(startsAt)) });
				}
			}
			services.push({ id: service, diary });
		}
		// Diary k is shared by patients 2k and 2k+1, taking turns, so each patient's slots follow one
		// another in one diary and never overlap; bookings go through the diaries in turn.
		const patients = [];
		for (let n = 1; n <= services.length * patientsPerDiary; n++) {
			const patient = Number(insertPatient.run(`Patient ${n}`).lastInsertRowid);
			const mobile = `+447700${String(100000 + n)}`;
			const user = Number(
				insertUser.run(`bench-${n}@example.org`, mobile, passwordHash, patient).lastInsertRowid
			);
			patients.push({ id: patient, user, email: `bench-${n}@example.org`, mobile });
		}
		const longest = Math.max(...services.map((service) => service.diary.length));
		const pairs = [];
		for (let index = 0; index < longest; index++) {
			services.forEach((service, k) => {
				const entry = service.diary[index];
				const patient = k * patientsPerDiary + (index % patientsPerDiary);
				if (entry) pairs.push({ ...entry, service: service.id, patient });
			});
		}
		return { location: Number(location), services, patients, pairs };
	})();
}

/**
 * Registers the bench organisation's system with a key pair of its own (as an ICS admin does,
 * straight into the database here) and gets a token through the token endpoint with an assertion
 * signed by that key. Tokens last five minutes: longer than the bench's FHIR runs.
 */
async function fhirToken(db) {
	const keys = await generateKeyPair('ES384');
	const jwk = { ...(await exportJWK(keys.publicKey)), alg: 'ES384', kid: 'bench' };
	const organisation = db
		.prepare(`SELECT id FROM organisations WHERE name = 'Bench Community Clinics'`)
		.pluck()
		.get();
	const clientId = `bench-${randomBytes(8).toString('hex')}`;
	const admin = db.prepare(`SELECT id FROM users WHERE role = 'admin'`).pluck().get();
	const user = db
		.prepare(`INSERT INTO users (role, organisation_id) VALUES ('system', ?)`)
		.run(organisation).lastInsertRowid;
	db.prepare(
		`INSERT INTO fhir_clients (client_id, name, organisation_id, user_id, jwks, scopes, registered_by_user_id)
		 VALUES (?, 'Bench diary system', ?, ?, ?, '["system/*.read"]', ?)`
	).run(clientId, organisation, user, JSON.stringify({ keys: [jwk] }), admin);
	const tokenUrl = `${origin}/fhir/R4/auth/token`;
	const assertion = await new SignJWT({})
		.setProtectedHeader({ alg: 'ES384', kid: 'bench' })
		.setIssuer(clientId)
		.setSubject(clientId)
		.setAudience(tokenUrl)
		.setExpirationTime('4m')
		.setJti(randomBytes(16).toString('hex'))
		.sign(keys.privateKey);
	const response = await fetch(tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			scope: 'system/*.read',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: assertion
		})
	});
	if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
	return (await response.json()).access_token;
}

/** A bench patient booking for themselves. */
const asActor = (patient) => ({ actor: patient.user, subject: patient.id });

/**
 * One scenario on the server, as bench/load.js measures it, titled for the table: a 1 s
 * unmeasured warm-up, then the measured run.
 */
async function measure(title, scenario) {
	const measured = await measureLoad({
		origin,
		connections,
		seconds,
		warmUpSeconds,
		...scenario
	});
	return { ...measured, row: { scenario: title, ...measured.row } };
}

let failed = false;
try {
	await server.ready();
	const db = new Database(database);
	db.pragma('busy_timeout = 5000');
	const seeded = seed(db);
	const totalSlots = db.prepare('SELECT count(*) FROM slots').pluck().get();
	const inWindow = db
		.prepare('SELECT count(*) FROM slots WHERE starts_at > ? AND starts_at < ?')
		.pluck()
		.get(Date.now(), Date.now() + 28 * 24 * 60 * 60 * 1000);

	// Sign-in runs argon2 on the server: a few at a time, outside the measured runs.
	const sessions = [];
	for (let i = 0; i < seeded.patients.length; i += 4) {
		const batch = seeded.patients.slice(i, i + 4);
		sessions.push(...(await Promise.all(batch.map((patient) => server.signIn(patient.email)))));
	}

	const rows = [];
	const notes = [];
	// Day picker on two diaries: a bench one, and the demo's largest in-person one for scale.
	const bench = seeded.services[0];
	const demo = db
		.prepare(
			`SELECT service_id AS id, location_id AS location, count(*) AS slots FROM slots
			 WHERE mode = 'in_person' AND starts_at > ? AND service_id < ?
			 GROUP BY service_id, location_id ORDER BY count(*) DESC LIMIT 1`
		)
		.get(Date.now(), bench.id);
	const dayPickers = [
		[`day picker (${bench.diary.length}-slot diary)`, bench.id, seeded.location],
		[`day picker (${demo.slots}-slot diary)`, demo.id, demo.location]
	];
	for (const [title, service, location] of dayPickers) {
		const cookie = `${sessions[0]}; ${bookingCookie(asActor(seeded.patients[0]), { service, mode: 'in_person', location })}`;
		// Once outside the run: the page must really be the day picker, not a redirect or error.
		const response = await fetch(`${origin}/appointments/book/day`, {
			redirect: 'manual',
			headers: { cookie }
		});
		const page = await response.text();
		if (response.status !== 200 || !page.includes('name="day"')) {
			throw new Error(`${title}: answered ${response.status}, not a list of days`);
		}
		const { row, statuses } = await measure(title, {
			request: () => ({ method: 'GET', path: '/appointments/book/day', headers: { cookie } }),
			isOk: (status, body) => status === 200 && body.includes('name="day"')
		});
		rows.push(row);
		if (row.unexpected > 0) notes.push(`${title}: statuses ${JSON.stringify(statuses)}`);
	}

	// Booking: every request a new (patient, slot) pair, the answers cookie and one-time token
	// built here. The token the check page would print is random and kept nowhere by the server
	// until a booking stores it, so a token made here takes exactly the browser's path.
	let next = 0;
	let appointmentsBefore = 0;
	const {
		row,
		ok: confirmed,
		statuses
	} = await measure('booking (a new slot each)', {
		limit: () => seeded.pairs.length - next,
		request: () => ({
			method: 'POST',
			path: '/appointments/book/check?/book',
			setupRequest(request) {
				const pair = seeded.pairs[next++ % seeded.pairs.length];
				const draft = {
					service: pair.service,
					mode: 'in_person',
					location: seeded.location,
					day: pair.date,
					slot: pair.slot,
					needs: {}
				};
				request.headers = {
					origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					cookie: `${sessions[pair.patient]}; ${bookingCookie(asActor(seeded.patients[pair.patient]), draft)}`
				};
				request.body = `bookingToken=${randomBytes(20).toString('hex')}`;
				return request;
			}
		}),
		isOk: (status, body, headers) =>
			status === 303 && /^\/appointments\/\d+\/confirmation$/.test(headers.location),
		beforeRun: () => {
			appointmentsBefore = db.prepare('SELECT count(*) FROM appointments').pluck().get();
		}
	});
	rows.push(row);
	if (row.unexpected > 0) notes.push(`booking: statuses ${JSON.stringify(statuses)}`);
	const created =
		db.prepare('SELECT count(*) FROM appointments').pluck().get() - appointmentsBefore;

	// Replies by text: every request a new Notify id, "1" from the next bench patient's number.
	let reply = 0;
	// Answers texted back: each number gets 10 an hour at most (limits.ts), so most of a run's
	// texts are acted on without an answer; the count says how many took the whole path.
	const answers = () =>
		db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'text.kept'`).pluck().get();
	let answersBefore = 0;
	const texts = await measure('received texts ("1", keep)', {
		request: () => ({
			method: 'POST',
			path: '/notify/received-texts',
			setupRequest(request) {
				const patient = seeded.patients[reply++ % seeded.patients.length];
				request.headers = {
					authorization: `Bearer ${receivedTextToken}`,
					'content-type': 'application/json'
				};
				request.body = JSON.stringify({
					id: `bench-${reply}-${randomBytes(8).toString('hex')}`,
					source_number: patient.mobile.slice(1),
					destination_number: '07797800000',
					message: '1',
					date_received: new Date().toISOString().replace('Z', '')
				});
				return request;
			}
		}),
		isOk: (status) => status === 204,
		beforeRun: () => {
			answersBefore = answers();
		}
	});
	rows.push(texts.row);
	if (texts.row.unexpected > 0) notes.push(`texts: statuses ${JSON.stringify(texts.statuses)}`);
	const answered = answers() - answersBefore;

	// FHIR searches, as the bench organisation's own system: registered here as an admin would.
	const token = await fhirToken(db);
	const fhirHeaders = { authorization: `Bearer ${token}`, accept: 'application/fhir+json' };
	const firstDay = bench.diary[0].date;
	const slotSearch = `/fhir/R4/Slot?schedule=Schedule/${bench.id}-${seeded.location}&status=free&start=ge${firstDay}&_count=50`;
	const probe = await fetch(`${origin}${slotSearch}`, { headers: fhirHeaders });
	const probed = await probe.json();
	if (probe.status !== 200 || probed.resourceType !== 'Bundle' || !probed.entry?.length) {
		throw new Error(`FHIR Slot search answered ${probe.status}, not a Bundle of slots`);
	}
	const isBundle = (status, body) => status === 200 && body.includes('"resourceType":"Bundle"');
	const slotsFound = await measure('FHIR Slot search (one diary, free, 50 a page)', {
		request: () => ({ method: 'GET', path: slotSearch, headers: fhirHeaders }),
		isOk: isBundle
	});
	rows.push(slotsFound.row);
	let asked = 0;
	const appointmentsFound = await measure('FHIR Appointment search (patient, date)', {
		request: () => ({
			method: 'GET',
			setupRequest(request) {
				const patient = seeded.patients[asked++ % seeded.patients.length];
				request.path = `/fhir/R4/Appointment?patient=Patient/${patient.id}&date=ge${firstDay}`;
				request.headers = fhirHeaders;
				return request;
			}
		}),
		isOk: isBundle
	});
	rows.push(appointmentsFound.row);
	for (const [name, found] of [
		['FHIR Slot search', slotsFound],
		['FHIR Appointment search', appointmentsFound]
	]) {
		if (found.row.unexpected > 0) notes.push(`${name}: statuses ${JSON.stringify(found.statuses)}`);
	}
	db.close();

	console.log(
		`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ` +
			`${availableParallelism()} CPUs, ${seconds} s per scenario after a ${warmUpSeconds} s ` +
			`warm-up, ${connections} connections\n` +
			`${totalSlots} slots (${inWindow} in the 28-day booking window), ` +
			`${sessions.length} bench patients`
	);
	console.table(rows);
	console.log(
		`booking: ${row.requests} responses, ${confirmed} of them redirects to a confirmation; ` +
			`${created} appointments created in the database (requests still in flight when ` +
			`the run stopped book without their response being counted, at most one per connection)`
	);
	console.log(
		`received texts: ${texts.row.requests} responses, ${texts.ok} of them 204, each confirming ` +
			`the sender's latest appointment; ${answered} answered by text, the rest past their ` +
			`number's 10 answers an hour`
	);
	for (const note of notes) console.log(note);
	if (notes.length > 0 && server.log()) console.log(`server errors:\n${server.log()}`);
} catch (error) {
	failed = true;
	console.error(error);
} finally {
	await server.stop();
}
if (failed) process.exitCode = 1;
