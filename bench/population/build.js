// Builds an ICS-sized population into a new SQLite database: every migration applied as the app
// applies them, then the catalogue of care, four weeks of diaries, and the residents with a year
// of appointments, care plans, requests, messages, proxies and the activity log those made.
// Deterministic: the same residents, seed and day give the same rows.
import fs from 'node:fs';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { addDays, isWorkingDay, londonTime } from '../london.js';
import { boroughs, buildCatalogue } from './catalogue.js';
import { emailPart, makePeople } from './people.js';
import {
	carePlanTemplates,
	closingNotes,
	patientReplies,
	requestDetails,
	staffMessages,
	whatMatters
} from './words.js';

const root = path.resolve(import.meta.dirname, '../..');
const day = 24 * 60 * 60 * 1000;

export const benchPassword = 'joined-up-bench';
export const benchSeed = 2024;

/** Slots in the busiest and the smallest diary measured, in the booking window (contract). */
export const busiestDiarySlots = 5000;
export const smallDiarySlots = 200;

// References: six characters of the app's readable alphabet (src/lib/server/appointments/
// reference.ts). Multiplying by a number prime to 31 permutes the 31^6 codes, so each id has its
// own reference that looks random; appointments take the even codes and requests the odd ones.
const referenceAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const codes = 31 ** 6;
function reference(id, odd) {
	let code = ((id * 2 + odd) * 1_299_709 + 104_729) % codes;
	let text = '';
	for (let n = 0; n < 6; n++) {
		text = referenceAlphabet[code % 31] + text;
		code = Math.floor(code / 31);
	}
	return text;
}

/**
 * NHS numbers, each different: nine digits starting 9, as the demo's made-up ones do, in an
 * order that looks random, then the modulus 11 check digit (as src/lib/server/assist/
 * nhs-number.ts checks it). Nine digits whose check digit would be 10 are skipped: no NHS number
 * has them.
 */
function nhsNumbers() {
	let cursor = 0;
	return () => {
		for (;;) {
			const digits = String(900_000_000 + ((cursor++ * 7_654_321 + 1_234_567) % 100_000_000));
			let sum = 0;
			for (let n = 0; n < 9; n++) sum += Number(digits[n]) * (10 - n);
			const check = (11 - (sum % 11)) % 11;
			if (check !== 10) return digits + check;
		}
	};
}

/** HH:MM of minutes past midnight. */
const clock = (minutes) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Opens `file` afresh and applies every migration the way the app's openDatabase does. */
function openMigrated(file) {
	for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = OFF');
	migrate(drizzle(sqlite), { migrationsFolder: path.join(root, 'drizzle') });
	return sqlite;
}

/** Every locale's message wording, to write outbox messages in the recipient's language. */
function messageWording() {
	const folder = path.join(root, 'src/lib/i18n/locales');
	const wording = {};
	for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.json'))) {
		const language = file.replace(/\.json$/, '');
		const messages = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')).messages;
		const when = new Intl.DateTimeFormat(language, {
			timeZone: 'Europe/London',
			dateStyle: 'full',
			timeStyle: 'short'
		});
		wording[language] = { messages, when };
	}
	return wording;
}
const fill = (text, values) => text.replace(/\{\{(\w+)\}\}/g, (_, key) => values[key] ?? '');

/**
 * Builds the population into `file` and returns its manifest (without the build's time and
 * size, which the caller measures). `today` is the London date the diaries start after.
 */
export async function buildPopulation({
	file,
	residents,
	seed = benchSeed,
	today,
	log = () => {},
	batchResidents = 50_000
}) {
	// The app's argon2id settings (src/lib/server/auth/password.ts), so signing in costs what it
	// costs for real.
	const passwordHash = await hash(benchPassword, {
		algorithm: 2,
		memoryCost: 19456,
		timeCost: 2,
		parallelism: 1,
		// A fixed salt: the same build gives the same bytes (one hash for every bench account).
		salt: Buffer.from(`joined-up-bench-${seed}`)
	});
	const sqlite = openMigrated(file);
	// Nothing reads the database while it is built, and a failed build is thrown away: no
	// journal, no syncing, and a large page cache for the indexes being filled in random order.
	// (better-sqlite3 keeps SQLite's defensive flag on, which ignores journal_mode = OFF; its
	// unsafe mode turns that flag off while the database is built.)
	sqlite.unsafeMode(true);
	sqlite.pragma('journal_mode = OFF');
	sqlite.pragma('synchronous = OFF');
	sqlite.pragma('locking_mode = EXCLUSIVE');
	sqlite.pragma('temp_store = MEMORY');
	sqlite.pragma('cache_size = -4000000');

	const { faker, household, givenName, mobile } = makePeople(seed);
	const random = () => faker.number.float();
	const chance = (p) => faker.number.float() < p;
	const pick = (list) => list[Math.floor(faker.number.float() * list.length)];
	const wording = messageWording();
	const nextNhsNumber = nhsNumbers();
	// Diary times repeat (a year of working days on a ten-minute grid): format each once.
	const formattedTimes = new Map();
	const formatted = (language, instant) => {
		const key = `${language} ${instant}`;
		let text = formattedTimes.get(key);
		if (text === undefined) {
			text = (wording[language] ?? wording.en).when.format(instant);
			formattedTimes.set(key, text);
		}
		return text;
	};

	const counters = {};
	const ids = { next: (table) => (counters[table] = (counters[table] ?? 0) + 1) };
	const statements = new Map();
	/** Inserts a row object; one prepared statement per table and set of columns. */
	function insert(table, row) {
		const columns = Object.keys(row);
		const key = `${table}:${columns.join(',')}`;
		let statement = statements.get(key);
		if (!statement) {
			statement = sqlite.prepare(
				`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`
			);
			statements.set(key, statement);
		}
		statement.run(row);
	}
	/** A prepared insert of the columns in this order, for the tables with a row per appointment. */
	const inserter = (table, columns) =>
		sqlite.prepare(
			`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
		);
	const insertActivity = inserter('activity_log', [
		'id',
		'at',
		'actor_user_id',
		'subject_patient_id',
		'via',
		'action',
		'detail'
	]);
	const insertOutbox = inserter('outbox', [
		'id',
		'kind',
		'patient_id',
		'appointment_id',
		'channel',
		'recipient',
		'language',
		'subject',
		'body',
		'status',
		'attempts',
		'next_attempt_at',
		'provider_id',
		'sent_at',
		'delivery_status',
		'delivery_status_at',
		'created_at'
	]);
	const insertAppointment = inserter('appointments', [
		'id',
		'reference',
		'patient_id',
		'slot_id',
		'status',
		'needs',
		'booked_by_user_id',
		'booked_via',
		'created_at',
		'cancelled_at'
	]);
	const insertPastSlot = inserter('slots', [
		'id',
		'service_id',
		'location_id',
		'mode',
		'starts_at',
		'ends_at'
	]);

	const start = londonTime(today, 0);
	const dayAt = new Map();
	/** The instant of `minutes` past midnight on `date`, London time (per date, for speed). */
	const at = (date, minutes) => {
		let base = dayAt.get(date);
		if (base === undefined) {
			// Offsets change at 01:00 or 02:00; every diary time is well after.
			base = londonTime(date, 12 * 60) - 12 * 60 * 60_000;
			dayAt.set(date, base);
		}
		return base + minutes * 60_000;
	};
	const longAgo = start - 3 * 365 * day;

	sqlite.exec('BEGIN');
	const catalogue = buildCatalogue({ faker, insert, ids, createdAt: longAgo });

	// Staff of every organisation; link workers at voluntary ones.
	const staffNames = new Set();
	const staffOf = new Map();
	for (const org of catalogue.organisations) {
		const size =
			{ gp_practice: 6, hospital_trust: 30, community_provider: 8, council: 4 }[org.kind] ?? 1;
		const role = org.kind === 'voluntary_sector' ? 'link_worker' : 'staff';
		const staff = [];
		for (let n = 0; n < size; n++) {
			const given = faker.person.firstName();
			const family = faker.person.lastName();
			let email = `${emailPart(given)}.${emailPart(family)}@staff.example.org`;
			for (let k = 2; staffNames.has(email); k++) {
				email = `${emailPart(given)}.${emailPart(family)}${k}@staff.example.org`;
			}
			staffNames.add(email);
			const id = ids.next('users');
			insert('users', {
				id,
				email,
				password_hash: passwordHash,
				role,
				organisation_id: org.id,
				language: 'en',
				created_at: longAgo
			});
			staff.push({ id, email });
		}
		staffOf.set(org.id, staff);
	}

	// Diaries for the booking window: the working days from tomorrow, 27 of them, so every slot
	// stays inside the window (now to 28 days on) all through the day the database is built.
	const windowDays = [];
	for (let n = 1; n <= 27; n++)
		if (isWorkingDay(addDays(today, n))) windowDays.push(addDays(today, n));
	const practiceOrder = [...catalogue.practices].sort((a, b) => b.weight - a.weight);
	const busiestPractice = practiceOrder[0].organisation;
	const diaries = [];
	/**
	 * One diary (a service at a place, one way of meeting), made by staff sessions: `lanes`
	 * clinicians side by side, on the given weekdays, from `from` to `to` (minutes past midnight),
	 * at most `limit` slots.
	 */
	function diary(service, mode, { weekdays, from, to, minutes, lanes = 1, limit = Infinity }) {
		const made = { service, mode, location: service.place, slots: [], free: [] };
		const creator = staffOf.get(service.organisation.id)[0].id;
		for (let lane = 0; lane < lanes; lane++) {
			const session = ids.next('diary_sessions');
			insert('diary_sessions', {
				id: session,
				service_id: service.id,
				location_id: service.place.id,
				mode,
				weekdays: JSON.stringify(weekdays),
				start_time: clock(from),
				end_time: clock(to),
				slot_minutes: minutes,
				from_date: windowDays[0],
				to_date: windowDays.at(-1),
				created_by_user_id: creator,
				created_at: start - 30 * day
			});
			made.sessions ??= [];
			made.sessions.push(session);
		}
		for (const date of windowDays) {
			const weekday = new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
			if (!weekdays.includes(weekday)) continue;
			for (let lane = 0; lane < lanes; lane++) {
				for (let minute = from; minute + minutes <= to; minute += minutes) {
					if (made.slots.length >= limit) break;
					const id = ids.next('slots');
					const startsAt = at(date, minute);
					insert('slots', {
						id,
						service_id: service.id,
						location_id: service.place.id,
						mode,
						starts_at: startsAt,
						ends_at: startsAt + minutes * 60_000,
						session_id: made.sessions[lane]
					});
					made.free.push(made.slots.length);
					made.slots.push({ id, startsAt });
				}
			}
		}
		diaries.push(made);
		return made;
	}
	const everyWeekday = [1, 2, 3, 4, 5];
	const gpDiaries = new Map();
	let busiestDiary;
	let smallDiary;
	for (const service of catalogue.services) {
		const org = service.organisation;
		if (org.kind === 'gp_practice' && service.name === 'GP appointment') {
			const isBusiest = org === busiestPractice;
			const lanes = isBusiest
				? Math.ceil(busiestDiarySlots / (60 * windowDays.length))
				: faker.number.int({ min: 1, max: 3 });
			const inPerson = diary(service, 'in_person', {
				weekdays: everyWeekday,
				from: 8 * 60,
				to: 18 * 60,
				minutes: 10,
				lanes,
				limit: isBusiest ? busiestDiarySlots : Infinity
			});
			const phone = diary(service, 'phone', {
				weekdays: everyWeekday,
				from: 14 * 60,
				to: 17 * 60,
				minutes: 10
			});
			gpDiaries.set(org.id, [inPerson, inPerson, phone]);
			if (isBusiest) busiestDiary = inPerson;
		} else if (org === busiestPractice && service.name === 'Practice nurse') {
			// Mornings of 16 times: 200 fill 13 working days, and any 27 days hold at least 15
			// (at Christmas and New Year too), so the diary always has its 200.
			smallDiary = diary(service, 'in_person', {
				weekdays: everyWeekday,
				from: 9 * 60,
				to: 13 * 60,
				minutes: 15,
				limit: smallDiarySlots
			});
		} else {
			// Most diaries are small: a session or two a week.
			const mode = service.modes[0];
			const minutes =
				mode === 'home_visit'
					? 60
					: org.kind === 'gp_practice'
						? 15
						: org.kind === 'hospital_trust'
							? 20
							: 30;
			const morning = chance(0.6);
			diary(service, mode, {
				weekdays: faker.helpers.arrayElements(everyWeekday, { min: 1, max: 2 }).sort(),
				from: morning ? 9 * 60 : 13 * 60 + 30,
				to: morning ? 12 * 60 + 30 : 17 * 60,
				minutes
			});
		}
	}
	// A service with no working day on its weekdays in the window has an empty diary.
	const diaryOf = new Map(diaries.filter((d) => d.slots.length > 0).map((d) => [d.service.id, d]));
	sqlite.exec('COMMIT');
	log(
		`${catalogue.services.length} services, ${diaries.length} diaries, ${counters.slots} slots in the booking window`
	);

	/** Takes a free slot of a diary, keeping `keepFree` of its slots free. */
	function takeSlot(d, keepFree) {
		if (d.free.length <= d.slots.length * keepFree) return null;
		const at = Math.floor(random() * d.free.length);
		const index = d.free[at];
		d.free[at] = d.free[d.free.length - 1];
		d.free.pop();
		return d.slots[index];
	}

	// Residents.
	const practiceWeights = catalogue.practices.map((p) => p.weight);
	const weightTotal = practiceWeights.reduce((a, b) => a + b, 0);
	const choosePractice = () => {
		let roll = random() * weightTotal;
		for (const p of catalogue.practices) {
			if ((roll -= p.weight) < 0) return p.organisation;
		}
		return catalogue.practices.at(-1).organisation;
	};
	const hospitalClinics = catalogue.services.filter(
		(s) => s.organisation.kind === 'hospital_trust'
	);
	const otherServices = catalogue.services.filter(
		(s) => s.organisation.kind !== 'hospital_trust' && s.organisation.kind !== 'gp_practice'
	);
	const communityTeams = new Map();
	for (const org of catalogue.organisations) {
		for (const team of org.teams)
			communityTeams.set(`${org.kind}:${org.borough.name}:${team.name}`, team);
	}
	const teamIn = (kind, borough, name) =>
		communityTeams.get(`${kind}:${borough.name}:${name}`) ??
		communityTeams.get(`${kind}:${boroughs[boroughs.indexOf(borough) & ~1].name}:${name}`);

	const manifest = {
		residents,
		seed,
		password: benchPassword,
		resident: null,
		carer: null,
		staff: { email: staffOf.get(busiestPractice.id)[0].email, serviceId: busiestDiary.service.id },
		busiestDiary: {
			serviceId: busiestDiary.service.id,
			locationId: busiestDiary.location.id,
			slots: busiestDiary.slots.length,
			patientEmails: []
		},
		smallDiary: {
			serviceId: smallDiary.service.id,
			locationId: smallDiary.location.id,
			slots: smallDiary.slots.length,
			patientEmails: []
		}
	};
	const patientEmailsWanted = 50;

	const appointmentCount = { past: 0, future: 0 };
	const activity = (row) =>
		insertActivity.run(
			ids.next('activity_log'),
			row.at,
			row.actor_user_id,
			row.subject_patient_id,
			row.via,
			row.action,
			row.detail
		);

	/** A message in the outbox, sent by the worker at `sentAt` and (mostly) delivered. */
	function message(person, kind, appointmentId, key, values, sentAt) {
		if (!person.channel) return;
		const language = person.language;
		const words = wording[language] ?? wording.en;
		const m = words.messages;
		const [group] = key.split('.');
		const section = key.split('.').reduce((within, part) => within[part], m);
		const subject = fill(section.subject, values);
		const body = [
			fill(m.greeting, { name: person.givenName }),
			fill(section.lead, values),
			values.details ?? '',
			values.reference ? fill(m.reference, values) : '',
			fill(section.next ?? m[group].next, { ...values, link: 'https://joined-up.example.org/' })
		]
			.filter(Boolean)
			.join('\n\n');
		const delivered =
			person.channel === 'letter'
				? null
				: chance(0.96)
					? 'delivered'
					: pick(['permanent-failure', 'temporary-failure']);
		insertOutbox.run(
			ids.next('outbox'),
			kind,
			person.patientId,
			appointmentId,
			person.channel,
			person.recipient,
			language,
			person.channel === 'sms' ? null : subject,
			body,
			'sent',
			1,
			sentAt,
			faker.string.uuid(),
			sentAt + 4000,
			delivered,
			delivered ? sentAt + 60_000 : null,
			sentAt
		);
	}

	/** An appointment on `slot`: booked, then attended, missed or cancelled as `status` says. */
	function appointment(person, service, slot, status, booker) {
		const id = ids.next('appointments');
		const ref = reference(id, 0);
		const bookedAt = Math.min(
			slot.startsAt - (1 + Math.floor(random() * 20)) * day,
			start - 3_600_000
		);
		const cancelledAt =
			status === 'cancelled' ? Math.min(bookedAt + 2 * day, slot.startsAt - 3 * 3_600_000) : null;
		insertAppointment.run(
			id,
			ref,
			person.patientId,
			slot.id,
			status,
			person.appointmentNeeds,
			booker.userId,
			booker.via,
			bookedAt,
			cancelledAt
		);
		activity({
			at: bookedAt,
			actor_user_id: booker.userId,
			subject_patient_id: person.patientId,
			via: booker.via,
			action: 'appointment.booked',
			detail: JSON.stringify({ reference: ref, slotId: slot.id })
		});
		const when = formatted(person.language, slot.startsAt);
		message(
			person,
			'appointment.booked',
			id,
			'booked',
			{
				service: service.name,
				reference: ref,
				details: `${service.name}\n${when}\n${service.place.name}`
			},
			bookedAt
		);
		if (status === 'cancelled') {
			activity({
				at: cancelledAt,
				actor_user_id: person.userId ?? booker.userId,
				subject_patient_id: person.patientId,
				via: person.userId ? 'self' : booker.via,
				action: 'appointment.cancelled',
				detail: JSON.stringify({ reference: ref, slotId: slot.id })
			});
			message(
				person,
				'appointment.cancelled',
				id,
				'cancelled',
				{ service: service.name, reference: ref, details: `${service.name}\n${when}` },
				cancelledAt
			);
		} else if (status !== 'booked') {
			activity({
				at: slot.startsAt + 20 * 60_000,
				actor_user_id: staffOf.get(service.organisation.id)[0].id,
				subject_patient_id: person.patientId,
				via: 'staff',
				action: status === 'attended' ? 'appointment.attended' : 'appointment.did_not_attend',
				detail: JSON.stringify({ reference: ref })
			});
		}
		return id;
	}

	const pastWorkingDays = [];
	for (let n = 1; n <= 365; n++)
		if (isWorkingDay(addDays(today, -n))) pastWorkingDays.push(addDays(today, -n));
	/** A past slot for the service: a working day in the last year, within its opening hours. */
	function pastSlot(service) {
		const date = pick(pastWorkingDays);
		const modes = service.modes;
		const mode = chance(0.7) ? modes[0] : pick(modes);
		const minutes =
			mode === 'home_visit' ? 60 : service.organisation.kind === 'gp_practice' ? 10 : 20;
		const startsAt = at(date, 8 * 60 + Math.floor(random() * ((10 * 60) / minutes - 1)) * minutes);
		const id = ids.next('slots');
		insertPastSlot.run(
			id,
			service.id,
			service.place.id,
			mode,
			startsAt,
			startsAt + minutes * 60_000
		);
		return { id, startsAt };
	}

	/** Who books: the person, their carer, or staff when they phoned. */
	function bookerOf(person, service) {
		if (person.carerUserId && chance(0.6)) return { userId: person.carerUserId, via: 'proxy' };
		if (person.userId && chance(0.7)) return { userId: person.userId, via: 'self' };
		return { userId: pick(staffOf.get(service.organisation.id)).id, via: 'staff' };
	}

	const poisson = (lambda) => {
		const limit = Math.exp(-lambda);
		let k = 0;
		for (let p = random(); p > limit; p *= random()) k++;
		return k;
	};

	/** A year of appointments, and perhaps one to come. */
	function appointmentsOf(person, practice, forced) {
		const age = person.age;
		const lambda = age < 18 ? 3 : age < 40 ? 3.5 : age < 65 ? 5 : age < 80 ? 8 : 10;
		const count = Math.max(poisson(lambda), forced ? 5 : 0);
		const clinic = pick(hospitalClinics);
		let futureId = null;
		for (let n = 0; n < count; n++) {
			const roll = random();
			const service =
				roll < 0.45
					? practice.services[0]
					: roll < 0.7
						? pick(practice.services)
						: roll < 0.9
							? n % 2
								? clinic
								: pick(hospitalClinics)
							: pick(otherServices);
			const outcome = random();
			const status = outcome < 0.85 ? 'attended' : outcome < 0.93 ? 'cancelled' : 'did_not_attend';
			appointment(person, service, pastSlot(service), status, bookerOf(person, service));
			appointmentCount.past++;
		}
		if (forced || chance(age >= 65 ? 0.2 : 0.1)) {
			const roll = random();
			const d =
				roll < 0.55
					? pick(gpDiaries.get(practice.id))
					: roll < 0.75
						? diaryOf.get(pick(practice.services.slice(1)).id)
						: diaryOf.get(pick(hospitalClinics).id);
			const keepFree = d === busiestDiary || d === smallDiary ? 0.5 : 0.15;
			const slot = d && takeSlot(d, keepFree);
			if (slot) {
				futureId = appointment(person, d.service, slot, 'booked', bookerOf(person, d.service));
				appointmentCount.future++;
			}
		}
		return futureId;
	}

	/** A care plan with its versions, written by the practice (or the hospital, on discharge). */
	function carePlanOf(person, practice, forced) {
		const template = forced ? carePlanTemplates[0] : pick(carePlanTemplates);
		const borough = practice.borough;
		const owner = template.kind === 'hospital_discharge' ? pick(catalogue.trusts) : practice;
		const gpTeam = practice.teams[0];
		const nurses = practice.teams[1];
		const others = [
			teamIn('community_provider', borough, 'District nursing'),
			teamIn(
				'community_provider',
				borough,
				template.label === 'mental_health' ? 'Talking therapies' : 'Podiatry'
			),
			teamIn('council', borough, 'Reablement team')
		].filter(Boolean);
		const teams = [gpTeam, nurses, ...others];
		const versions = forced ? 3 : 1 + Math.floor(random() * 4);
		const authors = staffOf.get(owner.id);
		let savedAt = start - (30 + Math.floor(random() * 300)) * day;
		const id = ids.next('care_plans');
		const contentAt = (version) => ({
			title: template.title,
			kind: template.kind,
			label: template.label,
			summary: template.summary,
			reviewOn: addDays(today, 30 + 30 * version),
			goals: template.goals.map((text, g) => ({
				text,
				status: version > g + 1 ? 'achieved' : version > g ? 'in_progress' : 'not_started'
			})),
			actions: template.actions.map(([key, what, when], a) => ({
				key,
				what,
				teamId: teams[a % teams.length].id,
				when,
				status: version > a + 1 ? 'done' : version > a ? 'in_progress' : 'planned',
				appointmentId: null
			})),
			careTeam: teams.slice(0, 3).map((team) => ({
				teamId: team.id,
				role: team === gpTeam ? 'Your GP' : team.name,
				whenToCall: 'Weekdays 9am to 5pm'
			})),
			ifWorse: template.ifWorse
		});
		let content;
		const rows = [];
		for (let version = 1; version <= versions; version++) {
			content = JSON.stringify(contentAt(version));
			const author = pick(authors).id;
			rows.push({ version, content, savedAt, author });
			if (version < versions) savedAt += (14 + Math.floor(random() * 60)) * day;
		}
		const matters = forced ? whatMatters[0] : pick(whatMatters);
		const last = rows.at(-1);
		insert('care_plans', {
			id,
			patient_id: person.patientId,
			organisation_id: owner.id,
			label: template.label,
			content,
			version: versions,
			updated_at: last.savedAt,
			updated_by_user_id: last.author,
			what_matters: matters,
			what_matters_language: matters ? 'en' : null,
			what_matters_updated_at: matters ? last.savedAt : null,
			what_matters_updated_by_user_id: matters ? (person.userId ?? last.author) : null
		});
		for (const row of rows) {
			insert('care_plan_versions', {
				id: ids.next('care_plan_versions'),
				plan_id: id,
				version: row.version,
				content: row.content,
				saved_at: row.savedAt,
				saved_by_user_id: row.author
			});
			activity({
				at: row.savedAt,
				actor_user_id: row.author,
				subject_patient_id: person.patientId,
				via: 'staff',
				action: row.version === 1 ? 'care_plan.created' : 'care_plan.updated',
				detail: JSON.stringify(row.version === 1 ? { planId: id } : {})
			});
		}
		return { id, label: template.label, versions };
	}

	/** A request for face-to-face contact to the practice, with what happened to it. */
	function requestOf(person, practice, forced) {
		const service = forced || chance(0.75) ? practice.services[0] : practice.services[1];
		const topic = pick(Object.keys(requestDetails));
		const id = ids.next('contact_requests');
		const ref = reference(id, 1);
		const ageDays = forced ? 2 : Math.floor(random() * 365);
		const madeAt = start - ageDays * day + (8 + Math.floor(random() * 10)) * 3_600_000 - day;
		const open = ageDays < 4;
		const status = open
			? forced || chance(0.5)
				? 'in_review'
				: 'received'
			: chance(0.15)
				? 'arranged'
				: 'closed';
		const staff = staffOf.get(practice.id);
		const handler = pick(staff).id;
		const maker =
			person.carerUserId && chance(0.3)
				? { userId: person.carerUserId, via: 'proxy' }
				: { userId: person.userId, via: 'self' };
		let due = madeAt;
		for (let n = 0; n < service.response_target_working_days;) {
			due += day;
			if (isWorkingDay(new Date(due).toISOString().slice(0, 10))) n++;
		}
		insert('contact_requests', {
			id,
			reference: ref,
			patient_id: person.patientId,
			service_id: service.id,
			topic,
			details: pick(requestDetails[topic]),
			details_language: 'en',
			place: chance(0.7) ? 'service' : pick(['home_visit', 'no_preference']),
			travel_reason: null,
			days: JSON.stringify(faker.helpers.arrayElements([1, 2, 3, 4, 5], { min: 1, max: 5 }).sort()),
			day_parts: JSON.stringify(chance(0.5) ? ['morning'] : ['morning', 'afternoon']),
			reach_by: person.reachBy === 'email' || person.reachBy === 'sms' ? person.reachBy : 'phone',
			needs: JSON.stringify({
				interpreterLanguage: person.interpreter,
				needs: person.needs,
				other: null,
				otherLanguage: null
			}),
			status,
			assigned_to_user_id: status === 'received' ? null : handler,
			appointment_id: null,
			close_reason:
				status === 'closed'
					? pick(['handled_another_way', 'no_longer_needed', 'referred_elsewhere'])
					: null,
			made_by_user_id: maker.userId,
			made_via: maker.via,
			created_at: madeAt,
			due_by: due
		});
		const event = (kind, action, when, by, body) => {
			insert('request_events', {
				id: ids.next('request_events'),
				request_id: id,
				kind,
				at: when,
				actor_user_id: by.userId,
				via: by.via,
				body: body ?? null,
				body_language: body ? 'en' : null
			});
			activity({
				at: when,
				actor_user_id: by.userId,
				subject_patient_id: person.patientId,
				via: by.via,
				action,
				detail: JSON.stringify({ reference: ref })
			});
		};
		const byStaff = { userId: handler, via: 'staff' };
		const values = { service: service.name, reference: ref };
		event('received', 'request.made', madeAt, maker);
		const dueDate = formatted(person.language, due);
		message(
			person,
			'request.received',
			null,
			'request.received',
			{ ...values, date: dueDate },
			madeAt
		);
		if (status === 'received') return id;
		event('in_review', 'request.in_review', madeAt + 3 * 3_600_000, byStaff);
		if (forced || chance(0.6)) {
			const body = pick(staffMessages);
			event('message_from_staff', 'request.message_sent', madeAt + 4 * 3_600_000, byStaff, body);
			message(
				person,
				'request.message',
				null,
				'request.message',
				{ ...values, details: body },
				madeAt + 4 * 3_600_000
			);
			if (forced || chance(0.5)) {
				event(
					'message_from_patient',
					'request.replied',
					madeAt + 6 * 3_600_000,
					maker,
					pick(patientReplies)
				);
			}
		}
		if (status === 'closed') {
			event('closed', 'request.closed', madeAt + 2 * day, byStaff, pick(closingNotes));
		} else if (status === 'arranged') {
			event('arranged', 'request.arranged', madeAt + day, byStaff);
		}
		return id;
	}

	const needKinds = [
		'large_print',
		'step_free_access',
		'hearing_loop',
		'someone_with_me',
		'longer_appointments',
		'easy_read',
		'bsl',
		'text_relay'
	];
	let residentNumber = 0;
	let inBatch = 0;
	const began = performance.now();
	sqlite.exec('BEGIN');
	while (residentNumber < residents) {
		const practice = choosePractice();
		const home = household(practice.borough);
		const size = Math.min(residents - residentNumber, pick([1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 5]));
		const members = [];
		for (let m = 0; m < size; m++) {
			// The first two are adults; the rest are mostly children.
			const age =
				m === 0
					? 18 + Math.floor(random() * 75)
					: m === 1
						? Math.max(18, members[0].age + Math.floor(random() * 11) - 5)
						: chance(0.8)
							? Math.floor(random() * 18)
							: 18 + Math.floor(random() * 30);
			const sex = random() < 0.5 ? 'female' : 'male';
			const given = givenName(home, sex);
			const born = addDays(today, -Math.floor(age * 365.25 + random() * 364));
			const patientId = ids.next('patients');
			const hasAccount = age >= 16 && chance(age >= 80 ? 0.45 : 0.8);
			const userId = hasAccount ? ids.next('users') : null;
			const email = hasAccount
				? `${emailPart(given)}.${emailPart(home.familyName)}${patientId}@example.com`
				: null;
			const phone = age >= 12 && chance(0.9) ? mobile() : null;
			members.push({
				patientId,
				userId,
				email,
				phone,
				givenName: given,
				age,
				sex,
				born,
				language: home.language
			});
		}
		for (const person of members) {
			const adultsWithAccounts = members.filter(
				(other) => other !== person && other.age >= 18 && other.userId
			);
			const isTypical =
				!manifest.resident &&
				person.userId &&
				person.age >= 45 &&
				person.age <= 80 &&
				adultsWithAccounts.length > 0;
			const carerChance = person.age < 16 ? 0.06 : person.age >= 75 ? 0.25 : 0.03;
			const carer =
				adultsWithAccounts.length > 0 && (isTypical || chance(carerChance))
					? adultsWithAccounts[0]
					: null;
			person.carerUserId = carer?.userId ?? null;
			person.reachBy = person.userId
				? person.phone && chance(0.3)
					? 'sms'
					: 'email'
				: carer
					? 'carer'
					: person.phone
						? pick(['sms', 'phone'])
						: 'letter';
			person.channel =
				person.reachBy === 'email'
					? 'email'
					: person.reachBy === 'sms'
						? 'sms'
						: person.reachBy === 'letter'
							? 'letter'
							: null;
			person.recipient =
				person.channel === 'email'
					? person.email
					: person.channel === 'sms'
						? person.phone
						: `${home.address}\n${home.postcode}`;
			const registeredAt = start - (30 + Math.floor(random() * 1000)) * day;
			insert('patients', {
				id: person.patientId,
				given_name: person.givenName,
				family_name: home.familyName,
				date_of_birth: person.born,
				postcode: home.postcode,
				nhs_number: nextNhsNumber(),
				created_at: longAgo,
				reach_by: person.reachBy,
				address: home.address,
				mobile: person.phone,
				email: person.email,
				registered_practice_id: practice.id
			});
			if (person.userId) {
				insert('users', {
					id: person.userId,
					email: person.email,
					password_hash: passwordHash,
					role: 'patient',
					patient_id: person.patientId,
					language: person.language,
					created_at: registeredAt
				});
				insert('record_links', {
					id: ids.next('record_links'),
					user_id: person.userId,
					patient_id: person.patientId,
					method: 'code',
					at: registeredAt + 600_000
				});
				activity({
					at: registeredAt,
					actor_user_id: person.userId,
					subject_patient_id: person.patientId,
					via: 'self',
					action: 'account.registered',
					detail: JSON.stringify({ signInWith: 'email' })
				});
				activity({
					at: registeredAt + 600_000,
					actor_user_id: person.userId,
					subject_patient_id: person.patientId,
					via: 'self',
					action: 'account.linked_code',
					detail: null
				});
			}
			// Communication needs: more often in old age, and an interpreter for many who speak
			// another language.
			const interpreter =
				person.language !== 'en' && chance(0.4) ? person.language.replace('zh-Hans', 'cmn') : null;
			const needs = chance(person.age >= 75 ? 0.25 : 0.04)
				? faker.helpers.arrayElements(needKinds, { min: 1, max: 3 })
				: [];
			person.interpreter = interpreter;
			person.needs = needs;
			person.appointmentNeeds =
				interpreter || needs.includes('step_free_access')
					? JSON.stringify({
							...(interpreter ? { interpreterLanguage: interpreter } : {}),
							...(needs.includes('step_free_access') ? { stepFreeAccess: true } : {})
						})
					: '{}';
			if (interpreter || needs.length > 0) {
				const by = person.userId ?? staffOf.get(practice.id)[0].id;
				insert('communication_needs', {
					patient_id: person.patientId,
					interpreter_language: interpreter,
					needs: JSON.stringify(needs),
					updated_at: registeredAt + day,
					updated_by_user_id: by
				});
				activity({
					at: registeredAt + day,
					actor_user_id: by,
					subject_patient_id: person.patientId,
					via: person.userId ? 'self' : 'staff',
					action: 'communication_needs.changed',
					detail: null
				});
			}
			if (carer) {
				const child = person.age < 16;
				const invitedAt = registeredAt + 2 * day;
				const relationship = ids.next('proxy_relationships');
				insert('proxy_relationships', {
					id: relationship,
					patient_id: person.patientId,
					proxy_user_id: carer.userId,
					status: 'active',
					kind: child ? 'parent' : 'carer',
					set_up: person.userId ? 'invited' : 'in_person',
					checks: person.userId ? null : 'Birth certificate and photo ID seen',
					reason: person.userId
						? null
						: child
							? 'Parent of a child under 16'
							: 'Patient asked for their carer to help, in person',
					permissions: JSON.stringify([
						'appointments.view',
						'appointments.manage',
						'care_plans.view',
						'requests.make'
					]),
					care_plan_labels: JSON.stringify(['general']),
					invited_identifier: person.userId ? carer.email : null,
					ends_at: child ? londonTime(addDays(person.born, Math.round(16 * 365.25)), 0) : null,
					created_by_user_id: person.userId ?? staffOf.get(practice.id)[0].id,
					created_at: invitedAt,
					accepted_at: invitedAt + 3_600_000
				});
				if (person.userId) {
					activity({
						at: invitedAt,
						actor_user_id: person.userId,
						subject_patient_id: person.patientId,
						via: 'self',
						action: 'proxy.invited',
						detail: JSON.stringify({ relationshipId: relationship })
					});
					activity({
						at: invitedAt + 3_600_000,
						actor_user_id: carer.userId,
						subject_patient_id: person.patientId,
						via: 'proxy',
						action: 'proxy.accepted',
						detail: JSON.stringify({ relationshipId: relationship })
					});
				} else {
					activity({
						at: invitedAt,
						actor_user_id: staffOf.get(practice.id)[0].id,
						subject_patient_id: person.patientId,
						via: 'staff',
						action: 'proxy.recorded',
						detail: JSON.stringify({ relationshipId: relationship })
					});
				}
				if (!manifest.carer)
					manifest.carer = { email: carer.email, actsForPersonId: person.patientId };
			}
			const future = appointmentsOf(person, practice, isTypical);
			const plan =
				isTypical || chance(person.age >= 65 ? 0.25 : person.age >= 18 ? 0.08 : 0.02)
					? carePlanOf(person, practice, isTypical)
					: null;
			const contact =
				person.userId && (isTypical || chance(0.08))
					? requestOf(person, practice, isTypical)
					: null;
			if (isTypical) {
				manifest.resident = {
					email: person.email,
					carePlanId: plan.id,
					contactId: contact,
					appointmentId: future
				};
				manifest.carer = { email: carer.email, actsForPersonId: person.patientId };
			}
			// Residents who may book in the measured diaries: signed up, adult, nothing booked.
			if (person.userId && person.age >= 18 && future === null && !isTypical) {
				for (const [d, entry] of [
					[busiestDiary, manifest.busiestDiary],
					[smallDiary, manifest.smallDiary]
				]) {
					if (
						d.service.organisation === practice &&
						entry.patientEmails.length < patientEmailsWanted
					) {
						entry.patientEmails.push(person.email);
					}
				}
			}
		}
		residentNumber += size;
		inBatch += size;
		if (inBatch >= batchResidents) {
			sqlite.exec('COMMIT');
			sqlite.exec('BEGIN');
			inBatch = 0;
			const seconds = (performance.now() - began) / 1000;
			log(`${residentNumber} residents (${Math.round(residentNumber / seconds)} a second)`);
		}
	}
	sqlite.exec('COMMIT');
	log(
		`${residentNumber} residents, ${appointmentCount.past} past and ${appointmentCount.future} future appointments`
	);

	// The query planner's statistics, as a real database that has run `PRAGMA optimize` would
	// have them: without them SQLite guesses each index's selectivity, and the benches would
	// measure plans no database in use would choose.
	log('ANALYZE');
	// As PRAGMA optimize does, a sample of each index rather than every row.
	sqlite.pragma('analysis_limit = 1000');
	sqlite.exec('ANALYZE');
	sqlite.pragma('locking_mode = NORMAL');
	sqlite.pragma('journal_mode = WAL');
	sqlite.unsafeMode(false);
	sqlite.close();
	return {
		manifest,
		counts: {
			...counters,
			pastAppointments: appointmentCount.past,
			futureAppointments: appointmentCount.future
		}
	};
}
