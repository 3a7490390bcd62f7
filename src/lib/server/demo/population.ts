// The demo's wider population: a few thousand made-up residents of Eastmere and Westbrook, with
// ages, languages, communication needs and ways of contact, and six months of past bookings,
// cancellations, no-shows and requests to be seen at the demo's services, recorded as the app
// records them (the activity log, text replies, assisted sessions, carers). Names come from
// @faker-js/faker's locales, one per community, as bench/population does; a fixed seed gives the
// same people every time (their dates move with the day the demo starts).
//
// Only the past: no slot or appointment from now on, so the demo's diaries keep every free time
// the end-to-end tests book. Requests go only to the services whose organisations have no demo
// staff account, so the queues the demo's staff see keep their stories as they were.
import type Database from 'better-sqlite3';
import {
	Faker,
	base,
	en,
	en_AU,
	en_AU_ocker,
	en_GB,
	en_GH,
	en_IN,
	en_NG,
	es,
	fr,
	it,
	pl,
	pt_PT,
	ro,
	tr
} from '@faker-js/faker';
import { addDays, isWorkingDay, londonDate, londonTime } from '$lib/time';
import { referenceAlphabet, referenceLength } from '../appointments/reference';
import { dueByFrom } from '../requests/asking';
import { serviceKindsFor } from '../requests/topics';
import type {
	AppointmentMode,
	CloseReason,
	CommunicationNeedKind,
	RequestTopic,
	ServiceKind
} from '../db/schema';

export const populationSeed = 2025;

/** The demo's world the population lives in, as demo.ts made it. */
export type DemoWorld = {
	services: {
		id: number;
		organisationId: number;
		name: string;
		kind: ServiceKind | null;
		modes: AppointmentMode[];
		cancellationCutoffMinutes: number;
		responseTargetWorkingDays: number;
	}[];
	places: { id: number; organisationId: number; name: string; communityHub: boolean }[];
	practices: { eastmere: number; westbrook: number };
	/** A member of staff of each organisation, who books and records for it. */
	staffUserIds: Map<number, number>;
	/** Organisations whose queues the demo's staff accounts see: no population requests there. */
	storyOrganisations: number[];
	linkWorkerUserId: number;
	/** Postcodes of the made-up deprivation lookup (made-up-postcodes.csv), by district. */
	postcodes: string[];
};

const day = 24 * 60 * 60 * 1000;

// faker's en_GB borrows its people's names from `en`; the common British surnames are in
// en_AU_ocker (as bench/population/people.js explains).
const british = {
	first_name: en_AU.person!.first_name,
	last_name: en_AU_ocker.person!.last_name,
	last_name_pattern: en_AU_ocker.person!.last_name_pattern
};

/**
 * The languages of the app residents speak, with their share of households (the rest English)
 * and where their names come from; shares as in a diverse east London ICS.
 */
const communities: [language: string, share: number, names: string][] = [
	['bn', 0.07, 'south_asian'],
	['pl', 0.035, 'pl'],
	['ur', 0.03, 'south_asian'],
	['ro', 0.025, 'ro'],
	['so', 0.02, 'british'],
	['tr', 0.02, 'tr'],
	['pa', 0.015, 'south_asian'],
	['gu', 0.015, 'south_asian'],
	['ar', 0.015, 'british'],
	['pt', 0.015, 'pt'],
	['lt', 0.012, 'british'],
	['ta', 0.01, 'south_asian'],
	['es', 0.01, 'es'],
	['it', 0.008, 'it'],
	['fr', 0.008, 'fr'],
	['zh-Hans', 0.006, 'british']
];
/** The spoken-language code an interpreter is booked in, where the app's code differs. */
const interpreterCode: Record<string, string> = { 'zh-Hans': 'cmn' };

/** Share of residents by age band, and each band's ages. */
const ageShares: [min: number, max: number, share: number][] = [
	[0, 17, 0.21],
	[18, 34, 0.28],
	[35, 49, 0.21],
	[50, 64, 0.15],
	[65, 79, 0.1],
	[80, 98, 0.05]
];

const requestDetails: Record<RequestTopic, string[]> = {
	new_problem: [
		'I have had a cough for three weeks and it is not getting better.',
		'A rash on my arm that keeps coming back.'
	],
	ongoing_condition: [
		'My back pain is worse and I would like to talk about what to do next.',
		'My sugar levels have been high this month.'
	],
	medicines: ['I would like to talk about my tablets, they make me dizzy.'],
	test_results: ['I had a blood test and would like to go through the results.'],
	care_plan: ['I would like to go through my care plan with someone.'],
	support_at_home: ['I am finding it hard to manage at home since my fall.'],
	something_else: ['I would like to talk to someone in person.']
};
const closeReasons: CloseReason[] = [
	'handled_another_way',
	'no_longer_needed',
	'referred_elsewhere',
	'could_not_reach'
];

type Resident = {
	id: number;
	age: number;
	/** The community's language; the account's language when they chose it. */
	language: string;
	userId: number | null;
	mobile: string | null;
	reachBy: string;
	carerUserId: number | null;
	/** 0 (never in touch) to about 2: how often they use services. */
	use: number;
	deprived: boolean;
	practiceId: number;
	neverInTouch: boolean;
};

/**
 * Adds the population to the demo database at `now`, in the caller's transaction, with prepared
 * statements (thousands of rows: the domain's functions one at a time would take seconds).
 */
export function seedPopulation(
	sqlite: Database.Database,
	world: DemoWorld,
	now: Date,
	populationSize: number
): void {
	const fakers: Record<string, Faker> = {
		british: new Faker({ locale: [{ person: british }, en_GB, en, base] }),
		wider: new Faker({
			locale: [{ person: { ...british, last_name: en_AU.person!.last_name } }, en_GB, en, base]
		}),
		south_asian: new Faker({ locale: [{ person: en_IN.person! }, en_GB, en, base] }),
		west_african: new Faker({
			locale: [
				{ person: { ...en_NG.person!, last_name: en_GH.person!.last_name } },
				en_GB,
				en,
				base
			]
		}),
		pl: new Faker({ locale: [{ person: pl.person! }, en_GB, en, base] }),
		ro: new Faker({ locale: [{ person: ro.person! }, en_GB, en, base] }),
		tr: new Faker({ locale: [{ person: tr.person! }, en_GB, en, base] }),
		pt: new Faker({ locale: [{ person: pt_PT.person! }, en_GB, en, base] }),
		es: new Faker({ locale: [{ person: es.person! }, en_GB, en, base] }),
		it: new Faker({ locale: [{ person: it.person! }, en_GB, en, base] }),
		fr: new Faker({ locale: [{ person: fr.person! }, en_GB, en, base] })
	};
	Object.values(fakers).forEach((faker, n) => faker.seed(populationSeed + n));
	const faker = fakers.british!;
	const chance = (p: number) => faker.number.float() < p;
	const pick = <T>(items: readonly T[]): T =>
		items[Math.floor(faker.number.float() * items.length)]!;

	const today = londonDate(now);
	const deciles = new Map(
		sqlite
			.prepare(
				`SELECT p.postcode, d.imd_decile FROM postcode_areas p JOIN deprivation_areas d USING (lsoa_code)`
			)
			.all()
			.map((row) => {
				const { postcode, imd_decile } = row as { postcode: string; imd_decile: number };
				return [postcode, imd_decile];
			})
	);
	const eastmereDistricts = ['E20', 'E15', 'E16'];
	const ourPostcodes = world.postcodes.filter((p) =>
		['E20', 'E15', 'E16', 'E21', 'E9', 'E8'].includes(p.split(' ')[0]!)
	);

	const insert = (sql: string) => sqlite.prepare(sql);
	const insertPatient = insert(
		`INSERT INTO patients (given_name, family_name, date_of_birth, postcode, reach_by, mobile, address, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertUser = insert(
		`INSERT INTO users (nhs_login_sub, mobile, role, patient_id, language, created_at)
		 VALUES (?, ?, 'patient', ?, ?, ?)`
	);
	const insertNeeds = insert(
		`INSERT INTO communication_needs (patient_id, interpreter_language, needs, updated_at, updated_by_user_id)
		 VALUES (?, ?, ?, ?, ?)`
	);
	const insertProxy = insert(
		`INSERT INTO proxy_relationships (patient_id, proxy_user_id, status, kind, set_up, reason, permissions,
			care_plan_labels, created_by_user_id, created_at, accepted_at)
		 VALUES (?, ?, 'active', ?, 'in_person', ?, ?, '["general"]', ?, ?, ?)`
	);
	const insertSlot = insert(
		`INSERT INTO slots (service_id, location_id, mode, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)`
	);
	const insertAppointment = insert(
		`INSERT INTO appointments (reference, patient_id, slot_id, status, booked_by_user_id, booked_via,
			created_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertActivity = insert(
		`INSERT INTO activity_log (at, actor_user_id, subject_patient_id, via, channel, action, detail)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const insertSession = insert(
		`INSERT INTO assisted_sessions (link_worker_user_id, patient_id, consent_method, consent_place,
			started_at, ends_at, ended_at) VALUES (?, ?, 'in_person_verbal', ?, ?, ?, ?)`
	);
	const insertQuestion = insert(
		`INSERT INTO text_questions (kind, phone, asked_user_id, patient_id, appointment_id, language, asked_at,
			open_until, closed_at) VALUES ('appointment', ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertReceived = insert(
		`INSERT INTO received_texts (notify_id, phone, received_at, processed_at, question_id, outcome)
		 VALUES (?, ?, ?, ?, ?, ?)`
	);
	const insertRequest = insert(
		`INSERT INTO contact_requests (reference, patient_id, service_id, topic, details, details_language, place,
			days, day_parts, reach_by, needs, status, assigned_to_user_id, appointment_id, close_reason,
			made_by_user_id, made_via, asked_by_text_about, created_at, due_by)
		 VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertEvent = insert(
		`INSERT INTO request_events (request_id, kind, at, actor_user_id, via) VALUES (?, ?, ?, ?, ?)`
	);
	const activity = (
		at: number,
		actor: number | null,
		subject: number,
		via: string,
		action: string,
		detail: Record<string, string | number>,
		channel = 'web'
	) => insertActivity.run(at, actor, subject, via, channel, action, JSON.stringify(detail));

	// References as the app's, drawn from the seed, none the demo's stories already hold.
	const taken = new Set(
		[
			...sqlite.prepare(`SELECT reference FROM appointments`).pluck().all(),
			...sqlite.prepare(`SELECT reference FROM contact_requests`).pluck().all()
		].map(String)
	);
	const reference = () => {
		for (;;) {
			const code = faker.string.fromCharacters(referenceAlphabet, referenceLength);
			if (!taken.has(code)) {
				taken.add(code);
				return code;
			}
		}
	};

	// Residents, by household: a family name, a postcode, a language.
	const residents: Resident[] = [];
	let household: {
		language: string;
		names: string;
		familyName: string;
		postcode: string;
		address: string;
	} | null = null;
	let membersLeft = 0;
	while (residents.length < populationSize) {
		if (membersLeft === 0 || !household) {
			let roll = faker.number.float();
			let language = 'en';
			let names =
				roll < 0.5
					? 'british'
					: roll < 0.62
						? 'wider'
						: roll < 0.78
							? 'west_african'
							: 'south_asian';
			roll = faker.number.float();
			for (const [code, share, from] of communities) {
				if (roll < share) {
					language = code;
					names = from;
					break;
				}
				roll -= share;
			}
			// A few new homes are not in the lookup yet: their decile is unknown.
			const postcode = chance(0.03)
				? `${pick(eastmereDistricts)} ${faker.number.int(9)}ZY`
				: pick(ourPostcodes);
			household = {
				language,
				names,
				familyName: fakers[names]!.person.lastName(),
				postcode,
				address: `${faker.location.buildingNumber()} ${faker.location.street()}\n${eastmereDistricts.includes(postcode.split(' ')[0]!) ? 'Eastmere' : 'Westbrook'}\nLondon`
			};
			membersLeft = pick([1, 1, 2, 2, 2, 3, 3, 4, 5]);
		}
		membersLeft--;
		let roll = faker.number.float();
		const [min, max] = ageShares.find(([, , share]) => (roll -= share) < 0) ?? ageShares.at(-1)!;
		const age = faker.number.int({ min, max });
		const dateOfBirth = addDays(addDays(today, -Math.round(age * 365.25)), -faker.number.int(364));
		const decile = deciles.get(household.postcode.replace(' ', '')) ?? null;
		const deprived = decile !== null && decile <= 2;
		const english = household.language === 'en';
		// Fewer accounts among the oldest, those with little English and the most deprived.
		const accountChance =
			age < 16
				? 0
				: (age >= 80 ? 0.15 : age >= 65 ? 0.45 : 0.72) * (english ? 1 : 0.6) * (deprived ? 0.8 : 1);
		const hasAccount = chance(accountChance);
		// Texts go to a number from Ofcom's drama range (no real phone); it is kept only on the
		// texts themselves, so that no account or record holds a number the tests' residents use.
		const mobile = age >= 16 && chance(0.8) ? `+447700900${900 + (residents.length % 100)}` : null;
		const reachBy = hasAccount
			? mobile && chance(0.5)
				? 'sms'
				: pick(['email', 'email', 'phone'])
			: age < 16 || age >= 80
				? pick(['carer', 'carer', 'letter'])
				: !english && chance(0.4)
					? 'link_worker'
					: pick(['letter', 'letter', 'phone', 'link_worker']);
		const createdAt = now.getTime() - faker.number.int({ min: 400, max: 4000 }) * day;
		const id = Number(
			insertPatient.run(
				fakers[household.names]!.person.firstName(),
				household.familyName,
				dateOfBirth,
				household.postcode,
				reachBy,
				null,
				household.address,
				createdAt
			).lastInsertRowid
		);
		const language = hasAccount
			? english || chance(0.4)
				? 'en'
				: household.language
			: household.language;
		const userId = hasAccount
			? Number(
					insertUser.run(`demo-population-${id}`, null, id, language, createdAt).lastInsertRowid
				)
			: null;
		// How often they use services: more with age; some never in touch at all.
		const neverInTouch = chance(age >= 18 && age < 50 ? 0.22 : 0.1);
		const use = neverInTouch ? 0 : (0.4 + age / 60) * (0.6 + faker.number.float() * 0.8);
		residents.push({
			id,
			age,
			language: household.language,
			userId,
			mobile: reachBy === 'sms' ? mobile : null,
			reachBy,
			carerUserId: null,
			use,
			deprived,
			practiceId: eastmereDistricts.includes(household.postcode.split(' ')[0]!)
				? world.practices.eastmere
				: world.practices.westbrook,
			neverInTouch
		});

		// Communication needs (the Accessible Information Standard), recorded by their practice.
		const needs: CommunicationNeedKind[] = [];
		if (age >= 75 && chance(0.35))
			needs.push(pick(['large_print', 'hearing_loop', 'step_free_access']));
		if (age >= 80 && chance(0.25)) needs.push(pick(['someone_with_me', 'longer_appointments']));
		if (chance(0.004)) needs.push('bsl');
		if (chance(0.01)) needs.push('easy_read');
		if (chance(0.002)) needs.push('braille');
		if (chance(0.003)) needs.push('text_relay');
		const interpreter =
			!english && age >= 16 && chance(0.35)
				? (interpreterCode[household.language] ?? household.language)
				: null;
		if (needs.length > 0 || interpreter) {
			insertNeeds.run(
				id,
				interpreter,
				JSON.stringify([...new Set(needs)]),
				createdAt + 30 * day,
				userId ?? world.staffUserIds.get(residents.at(-1)!.practiceId)!
			);
		}
	}

	// Carers: a resident reached through a carer has one acting for them, an adult with an account.
	const adultsWithAccounts = residents.filter((r) => r.userId !== null && r.age >= 25);
	for (const resident of residents) {
		if (resident.reachBy !== 'carer' || adultsWithAccounts.length === 0) continue;
		const carer = pick(adultsWithAccounts);
		if (carer.id === resident.id) continue;
		resident.carerUserId = carer.userId;
		const since = now.getTime() - faker.number.int({ min: 200, max: 1500 }) * day;
		insertProxy.run(
			resident.id,
			carer.userId,
			resident.age < 16 ? 'parent' : 'carer',
			resident.age < 16 ? 'Parent of a child under 16' : 'Agreed with the practice in person',
			JSON.stringify(['appointments.view', 'appointments.manage', 'requests.make']),
			world.staffUserIds.get(resident.practiceId)!,
			since,
			since
		);
	}

	// Six months of past diaries: the weekly grid the demo's diaries have, at each organisation's
	// place, on working days up to yesterday. Times nobody booked passed unused.
	type PastSlot = { id: number; startsAt: number; endsAt: number };
	const pastSlots = new Map<number, PastSlot[]>();
	const from = addDays(today, -26 * 7);
	const diaryShare = Math.min(1, populationSize / 3000);
	for (const service of world.services) {
		const place = world.places.find((p) => p.organisationId === service.organisationId)!;
		const free: PastSlot[] = [];
		// In person and by phone (or the service's first two ways): enough for what was booked.
		for (const mode of service.modes.filter((m) => m !== 'video').slice(0, 2)) {
			const minutes = mode === 'home_visit' ? 60 : service.kind === 'gp' ? 15 : 30;
			const [open, close] = mode === 'phone' ? [14, 16] : [9, 12];
			for (let date = from; date < today; date = addDays(date, 1)) {
				if (!isWorkingDay(date)) continue;
				// Clinics other than the GPs' hold a session on some days only; a smaller population
				// has fewer sessions, so that its diaries are as full.
				if (faker.number.float() >= diaryShare * (service.kind === 'gp' ? 1 : 0.5)) continue;
				const first = londonTime(date, `${String(open).padStart(2, '0')}:00`).getTime();
				for (let start = 0; start + minutes <= (close - open) * 60; start += minutes) {
					const startsAt = first + start * 60_000;
					const endsAt = startsAt + minutes * 60_000;
					const id = Number(
						insertSlot.run(service.id, place.id, mode, startsAt, endsAt).lastInsertRowid
					);
					free.push({ id, startsAt, endsAt });
				}
			}
		}
		pastSlots.set(service.id, free);
	}
	const takeSlot = (serviceId: number) => {
		const free = pastSlots.get(serviceId);
		if (!free || free.length === 0) return null;
		const at = Math.floor(faker.number.float() * free.length);
		const slot = free[at]!;
		free[at] = free[free.length - 1]!;
		free.pop();
		return slot;
	};

	const gpOf = (practiceId: number) =>
		world.services.find((s) => s.organisationId === practiceId && s.kind === 'gp')!;
	const others = world.services.filter((s) => s.kind !== 'gp');
	const hub =
		world.places.find((p) => p.communityHub && p.name.includes('Library')) ?? world.places[0]!;

	/** Who booked, and how: by the way the resident reaches us. */
	const booker = (resident: Resident, service: DemoWorld['services'][number]) => {
		const staff = { userId: world.staffUserIds.get(service.organisationId) ?? null, via: 'staff' };
		if (resident.userId !== null && chance(0.62)) return { userId: resident.userId, via: 'self' };
		if (resident.carerUserId !== null && chance(0.65))
			return { userId: resident.carerUserId, via: 'proxy' };
		if (resident.reachBy === 'link_worker' && chance(0.6))
			return { userId: world.linkWorkerUserId, via: 'assisted' };
		return staff;
	};
	const assisted = (resident: Resident, at: number) => {
		const sessionId = Number(
			insertSession.run(
				world.linkWorkerUserId,
				resident.id,
				hub.name,
				at - 10 * 60_000,
				at + 50 * 60_000,
				at + 20 * 60_000
			).lastInsertRowid
		);
		activity(at - 10 * 60_000, world.linkWorkerUserId, resident.id, 'assisted', 'assist.started', {
			assistedSessionId: sessionId,
			consent: 'in_person_verbal',
			minutes: 60
		});
		return sessionId;
	};
	const assistedEnded = (resident: Resident, at: number, sessionId: number) =>
		activity(at + 20 * 60_000, world.linkWorkerUserId, resident.id, 'assisted', 'assist.ended', {
			assistedSessionId: sessionId
		});

	let notifyIds = 0;
	for (const resident of residents) {
		if (resident.neverInTouch) continue;
		// Appointments over 26 weeks: a Poisson count with the resident's rate.
		const expected = resident.use * 2.2;
		let count = 0;
		for (
			let p = Math.exp(-expected), roll = faker.number.float();
			roll > p && count < 12;
			count++
		) {
			roll *= faker.number.float();
		}
		/** Their last appointment at a service whose queue may have their requests. */
		let textable: { id: number; serviceId: number; startsAt: number; bookedAt: number } | null =
			null;
		for (let n = 0; n < count; n++) {
			const service = chance(0.7) ? gpOf(resident.practiceId) : pick(others);
			const slot = takeSlot(service.id);
			if (!slot) continue;
			const by = booker(resident, service);
			const bookedAt = Math.max(
				slot.startsAt -
					faker.number.int({ min: 1, max: 21 }) * day -
					faker.number.int(8 * 60) * 60_000,
				now.getTime() - 27 * 7 * day
			);
			// Some cancel (a few inside the cut-off, by phoning), some do not come.
			const cancels = chance(0.1);
			const late = cancels && chance(0.3);
			const missed = !cancels && chance(resident.deprived || resident.age < 30 ? 0.09 : 0.04);
			const cancelledAt = cancels
				? late
					? slot.startsAt -
						faker.number.int({
							min: 10,
							max: Math.max(11, service.cancellationCutoffMinutes - 1)
						}) *
							60_000
					: Math.max(
							bookedAt + 60 * 60_000,
							slot.startsAt - faker.number.int({ min: 1, max: 10 }) * day
						)
				: null;
			const ref = reference();
			const status = cancels ? 'cancelled' : missed ? 'did_not_attend' : 'attended';
			const appointmentId = Number(
				insertAppointment.run(
					ref,
					resident.id,
					slot.id,
					status,
					by.userId,
					by.via,
					bookedAt,
					cancelledAt
				).lastInsertRowid
			);
			if (!cancels && !world.storyOrganisations.includes(service.organisationId)) {
				textable = { id: appointmentId, serviceId: service.id, startsAt: slot.startsAt, bookedAt };
			}
			const sessionId = by.via === 'assisted' ? assisted(resident, bookedAt) : null;
			activity(bookedAt, by.userId, resident.id, by.via, 'appointment.booked', {
				reference: ref,
				slotId: slot.id
			});
			if (sessionId !== null) assistedEnded(resident, bookedAt, sessionId);
			if (cancelledAt !== null) {
				if (!late && resident.mobile && resident.userId !== null && chance(0.5)) {
					// Cancelled by replying to the reminder text.
					const askedAt = Math.min(cancelledAt - 60 * 60_000, slot.startsAt - 2 * day);
					const questionId = Number(
						insertQuestion.run(
							resident.mobile,
							resident.userId,
							resident.id,
							appointmentId,
							resident.language,
							askedAt,
							slot.startsAt,
							cancelledAt
						).lastInsertRowid
					);
					insertReceived.run(
						`demo-population-${++notifyIds}`,
						resident.mobile,
						cancelledAt,
						cancelledAt,
						questionId,
						'cancelled'
					);
					activity(
						cancelledAt,
						resident.userId,
						resident.id,
						'self',
						'appointment.cancelled',
						{ reference: ref, slotId: slot.id },
						'text'
					);
				} else {
					const canceller = late
						? { userId: world.staffUserIds.get(service.organisationId)!, via: 'staff' }
						: by;
					activity(
						cancelledAt,
						canceller.userId,
						resident.id,
						canceller.via,
						'appointment.cancelled',
						{
							reference: ref,
							slotId: slot.id
						}
					);
				}
			} else {
				activity(
					slot.endsAt + 30 * 60_000,
					world.staffUserIds.get(service.organisationId)!,
					resident.id,
					'staff',
					missed ? 'appointment.did_not_attend' : 'appointment.attended',
					{ reference: ref }
				);
			}
		}

		// Requests to be seen: mostly from those who find booking harder.
		const asks = chance(resident.userId === null ? 0.12 : 0.06) ? 1 : 0;
		for (let n = 0; n < asks; n++) {
			const topic = pick(Object.keys(requestDetails) as RequestTopic[]);
			const services = world.services.filter(
				(s) =>
					!world.storyOrganisations.includes(s.organisationId) &&
					s.kind !== null &&
					serviceKindsFor[topic].includes(s.kind)
			);
			if (services.length === 0) continue;
			// Some reply "4 for us to call you" to the reminder of an appointment.
			const byText =
				textable !== null && resident.mobile !== null && resident.userId !== null && chance(0.5)
					? textable
					: null;
			const service = byText
				? world.services.find((s) => s.id === byText.serviceId)!
				: pick(services);
			const madeAt = byText
				? Math.max(byText.startsAt - 2 * day, byText.bookedAt) + 2 * 60 * 60_000
				: now.getTime() -
					faker.number.int({ min: 3, max: 180 }) * day -
					faker.number.int(8 * 60) * 60_000;
			if (byText) {
				const questionId = Number(
					insertQuestion.run(
						resident.mobile,
						resident.userId,
						resident.id,
						byText.id,
						resident.language,
						madeAt - 2 * 60 * 60_000,
						byText.startsAt,
						madeAt
					).lastInsertRowid
				);
				insertReceived.run(
					`demo-population-${++notifyIds}`,
					resident.mobile,
					madeAt,
					madeAt,
					questionId,
					'call_asked'
				);
			}
			const by =
				resident.userId !== null
					? { userId: resident.userId, via: 'self' }
					: resident.carerUserId !== null
						? { userId: resident.carerUserId, via: 'proxy' }
						: resident.reachBy === 'link_worker'
							? { userId: world.linkWorkerUserId, via: 'assisted' }
							: { userId: world.staffUserIds.get(service.organisationId)!, via: 'staff' };
			const staffId = world.staffUserIds.get(service.organisationId)!;
			const answeredAt = Math.min(
				madeAt + faker.number.int({ min: 2, max: 96 }) * 60 * 60_000,
				now.getTime() - 60 * 60_000
			);
			// Arranged: an appointment at a time after it was answered, booked by the service.
			const free = pastSlots.get(service.id) ?? [];
			const slotAt = chance(0.6) ? free.findIndex((slot) => slot.startsAt > answeredAt + day) : -1;
			const slot = slotAt >= 0 ? free.splice(slotAt, 1)[0]! : null;
			const arranged = slot !== null;
			let appointmentId: number | null = null;
			if (slot) {
				const booking = reference();
				appointmentId = Number(
					insertAppointment.run(
						booking,
						resident.id,
						slot.id,
						'attended',
						staffId,
						'staff',
						answeredAt,
						null
					).lastInsertRowid
				);
				activity(answeredAt, staffId, resident.id, 'staff', 'appointment.booked', {
					reference: booking,
					slotId: slot.id
				});
				activity(slot.endsAt + 30 * 60_000, staffId, resident.id, 'staff', 'appointment.attended', {
					reference: booking
				});
			}
			const ref = reference();
			const sessionId = by.via === 'assisted' ? assisted(resident, madeAt) : null;
			const requestId = Number(
				insertRequest.run(
					ref,
					resident.id,
					service.id,
					topic,
					pick(requestDetails[topic]),
					service.modes.includes('in_person') ? 'service' : 'home_visit',
					JSON.stringify([1, 2, 3, 4, 5]),
					JSON.stringify(['morning', 'afternoon']),
					resident.reachBy,
					JSON.stringify({
						interpreterLanguage: null,
						needs: [],
						other: null,
						otherLanguage: null
					}),
					arranged ? 'arranged' : 'closed',
					staffId,
					appointmentId,
					arranged ? null : pick(closeReasons),
					by.userId,
					by.via,
					byText?.id ?? null,
					madeAt,
					dueByFrom(new Date(madeAt), service.responseTargetWorkingDays).getTime()
				).lastInsertRowid
			);
			insertEvent.run(requestId, 'received', madeAt, by.userId, by.via);
			activity(
				madeAt,
				by.userId,
				resident.id,
				by.via,
				'request.made',
				{ reference: ref },
				byText ? 'text' : 'web'
			);
			if (sessionId !== null) assistedEnded(resident, madeAt, sessionId);
			insertEvent.run(requestId, arranged ? 'arranged' : 'closed', answeredAt, staffId, 'staff');
			activity(
				answeredAt,
				staffId,
				resident.id,
				'staff',
				arranged ? 'request.arranged' : 'request.closed',
				{
					reference: ref
				}
			);
		}
	}
}
