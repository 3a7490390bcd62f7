// The demo: a fictional Integrated Care System of two London boroughs, with made-up people.
// Mobile numbers are from Ofcom's drama range (07700 900000–900999), phone numbers from
// 020 7946 0000–0999.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { addDays, isWorkingDay, londonDate, londonTime } from '$lib/time';
import { newReference } from '../appointments/reference';
import { seedCarePlans } from './care-plans';
import { seedRequests } from './requests';
import { seedPopulation } from './population';
import madeUpIndices from './deprivation/made-up-iod.csv?raw';
import madeUpPostcodes from './deprivation/made-up-postcodes.csv?raw';
import { loadDeprivationTexts } from '../../../../scripts/deprivation.js';
import { countNow } from '../insight/groups';
import { hashPassword } from '../auth/password';
import { inTransaction, openDatabase, type Db } from '../db/client';
import { replacePostgresWithCopy } from '../db/copy';
import { connectPostgres } from '../db/postgres';
// SQLite's tables, whichever database the process uses: the demo is always made in SQLite first.
import * as tables from '../db/schema';
import { demoPassword } from '../demo-accounts';
import {
	databasePath,
	databaseUrl,
	demoPopulationSize,
	migrationsFolder,
	sqliteMigrationsFolder,
	usePostgres
} from '../config';

/** Written into the demo database's header, so the demo never wipes a database that is not one. */
const demoApplicationId = 0x4a55444d;

/** The comment a PostgreSQL demo database carries, so the demo never replaces one that is not. */
const demoMark = 'Joined Up demo: replaced whenever a server starts in demo mode';

/**
 * A fresh demo in the database this process uses: the SQLite file at DATABASE_PATH or, with
 * DATABASE_URL, made in a SQLite file of its own and copied into PostgreSQL (db/copy.ts),
 * replacing an earlier demo there and refusing any other database. With several instances, one
 * starts in demo mode and the others, started after it, use what it made.
 */
export async function createDemo({ population = demoPopulationSize } = {}): Promise<void> {
	if (!usePostgres) return await createDemoDatabase(databasePath, migrationsFolder, { population });
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'joined-up-demo-'));
	try {
		const file = path.join(folder, 'demo.db');
		await createDemoDatabase(file, sqliteMigrationsFolder, { population });
		const source = openDatabase(file, sqliteMigrationsFolder);
		const postgres = connectPostgres(databaseUrl!);
		try {
			await replacePostgresWithCopy(postgres, source, { migrationsFolder, mark: demoMark });
		} finally {
			source.$client.close();
			await postgres.close();
		}
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

/**
 * Deletes the demo database at `file` (refusing anything else) and makes it afresh, with
 * `population` made-up residents besides its people (config.ts's demoPopulationSize unless given).
 */
export async function createDemoDatabase(
	file: string,
	migrationsFolder: string,
	{ population = demoPopulationSize }: { population?: number } = {}
): Promise<void> {
	if (fs.existsSync(file)) {
		const existing = new Database(file, { readonly: true, fileMustExist: true });
		const applicationId = existing.pragma('application_id', { simple: true });
		existing.close();
		if (applicationId !== demoApplicationId) {
			throw new Error(
				`${file} exists and is not a demo database; refusing to replace it. Set DATABASE_PATH to another file.`
			);
		}
		for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
	}
	const db = openDatabase(file, migrationsFolder);
	try {
		await seedDemoData(db, population);
		db.$client.pragma(`application_id = ${demoApplicationId}`);
	} finally {
		db.$client.close();
	}
}

async function seedDemoData(db: Db, population: number, now = new Date()): Promise<void> {
	const passwordHash = await hashPassword(demoPassword);
	const world = await inTransaction(db, async (tx) => {
		const org = async (values: typeof tables.organisations.$inferInsert) =>
			(await tx.insert(tables.organisations).values(values).returning())[0]!;
		const eastmerePractice = await org({
			name: 'Eastmere Health Centre',
			kind: 'gp_practice',
			borough: 'Eastmere',
			phone: '020 7946 0101'
		});
		const westbrookPractice = await org({
			name: 'Westbrook Medical Practice',
			kind: 'gp_practice',
			borough: 'Westbrook',
			phone: '020 7946 0202'
		});
		const hospital = await org({
			name: 'Eastmere and Westbrook Hospitals NHS Trust',
			kind: 'hospital_trust',
			borough: 'Eastmere',
			phone: '020 7946 0303'
		});
		const community = await org({
			name: 'Riverside Community Health',
			kind: 'community_provider',
			borough: 'Westbrook',
			phone: '020 7946 0404'
		});
		const council = await org({
			name: 'Eastmere Council Adult Social Care',
			kind: 'council',
			borough: 'Eastmere',
			phone: '020 7946 0505'
		});
		const hub = await org({
			name: 'Eastmere Community Hub',
			kind: 'voluntary_sector',
			borough: 'Eastmere',
			phone: '020 7946 0606'
		});

		const places = await tx
			.insert(tables.locations)
			.values([
				{
					organisationId: eastmerePractice.id,
					name: 'Eastmere Health Centre',
					address: '12 Market Street, Eastmere, London',
					postcode: 'E20 1AA',
					stepFreeAccess: true,
					hearingLoop: true
				},
				{
					organisationId: westbrookPractice.id,
					name: 'Westbrook Medical Practice',
					address: '48 Canal Road, Westbrook, London',
					postcode: 'E21 4BB',
					stepFreeAccess: false,
					hearingLoop: true
				},
				{
					organisationId: hospital.id,
					name: 'Eastmere General Hospital, Outpatients',
					address: 'Hospital Way, Eastmere, London',
					postcode: 'E20 9HX',
					stepFreeAccess: true,
					hearingLoop: true
				},
				{
					organisationId: community.id,
					name: 'Riverside Health Hub',
					address: '3 Wharf Lane, Westbrook, London',
					postcode: 'E21 2CC',
					stepFreeAccess: true,
					hearingLoop: false,
					communityHub: true
				},
				{
					organisationId: council.id,
					name: 'Eastmere Town Hall',
					address: '1 Civic Square, Eastmere, London',
					postcode: 'E20 3DD',
					stepFreeAccess: true,
					hearingLoop: true,
					communityHub: true
				},
				{
					organisationId: hub.id,
					name: 'Eastmere Community Hub at the Library',
					address: '27 High Street, Eastmere, London',
					postcode: 'E20 5EE',
					stepFreeAccess: true,
					hearingLoop: true,
					communityHub: true
				}
			])
			.returning();

		const offered = await tx
			.insert(tables.services)
			.values([
				{
					organisationId: eastmerePractice.id,
					name: 'GP appointment',
					kind: 'gp',
					modes: ['in_person', 'phone', 'video', 'home_visit'],
					phone: eastmerePractice.phone
				},
				{
					organisationId: eastmerePractice.id,
					name: 'Practice nurse',
					kind: 'nursing',
					modes: ['in_person', 'phone'],
					phone: eastmerePractice.phone
				},
				{
					organisationId: westbrookPractice.id,
					name: 'GP appointment',
					kind: 'gp',
					modes: ['in_person', 'phone', 'video'],
					phone: westbrookPractice.phone
				},
				{
					organisationId: hospital.id,
					name: 'Diabetes clinic',
					kind: 'specialist_clinic',
					modes: ['in_person', 'video'],
					phone: hospital.phone,
					responseTargetWorkingDays: 5
				},
				{
					organisationId: hospital.id,
					name: 'Audiology',
					kind: 'hearing',
					modes: ['in_person'],
					phone: hospital.phone
				},
				{
					organisationId: community.id,
					name: 'Physiotherapy',
					kind: 'therapy',
					modes: ['in_person', 'video', 'home_visit'],
					phone: community.phone
				},
				{
					organisationId: community.id,
					name: 'Community mental health team',
					kind: 'mental_health',
					modes: ['in_person', 'phone', 'video'],
					phone: community.phone,
					label: 'mental_health'
				},
				{
					organisationId: council.id,
					name: 'Adult social care assessment',
					kind: 'social_care',
					modes: ['home_visit', 'phone'],
					phone: council.phone,
					label: 'social_care',
					responseTargetWorkingDays: 5,
					// Visits are planned with the team a day ahead, so changes need two days' notice.
					cancellationCutoffMinutes: 2 * 24 * 60
				},
				{
					organisationId: hub.id,
					name: 'Social prescribing',
					kind: 'social_prescribing',
					modes: ['in_person', 'phone'],
					phone: hub.phone
				},
				{
					organisationId: eastmerePractice.id,
					name: 'Flu vaccination',
					kind: 'vaccination',
					modes: ['in_person'],
					phone: eastmerePractice.phone
				}
			])
			.returning();

		const patient = async (values: typeof tables.patients.$inferInsert) =>
			(await tx.insert(tables.patients).values(values).returning())[0]!;
		const grace = await patient({
			givenName: 'Grace',
			familyName: 'Ofori',
			dateOfBirth: '1948-03-14',
			postcode: 'E20 1QP',
			registeredPracticeId: eastmerePractice.id,
			nhsNumber: '9434765919'
		});
		const daniel = await patient({
			givenName: 'Daniel',
			familyName: 'Ofori',
			dateOfBirth: '1976-09-02',
			postcode: 'E21 6RT',
			registeredPracticeId: westbrookPractice.id,
			nhsNumber: '9434765870'
		});
		const samir = await patient({
			givenName: 'Samir',
			familyName: 'Haddad',
			dateOfBirth: '1983-06-21',
			// His record names no practice: he is offered every service, the audiology clinic
			// among them (fully booked: how that looks is his story).
			postcode: 'E20 7LM'
		});
		// A resident without a phone or email, reached only through her link worker in person.
		const maureen = await patient({
			givenName: 'Maureen',
			familyName: 'Kelly',
			dateOfBirth: '1939-11-30',
			postcode: 'E20 2WS',
			registeredPracticeId: eastmerePractice.id,
			reachBy: 'link_worker',
			// The address the practice holds: where a "find my record" code goes, by letter.
			address: '14 Elm Court\nEastmere\nLondon'
		});

		// A resident helped by her link worker, who needs a Somali interpreter.
		const hodan = await patient({
			givenName: 'Hodan',
			familyName: 'Warsame',
			dateOfBirth: '1991-04-09',
			postcode: 'E20 6NB',
			registeredPracticeId: eastmerePractice.id,
			// Her NHS login (P9, in the local provider) matches these details.
			nhsNumber: '9434765935',
			reachBy: 'link_worker',
			// The mobile the practice holds: where a "find my record" code goes, by text.
			mobile: '+447700900456'
		});

		// A resident with no account yet, whose NHS login is at P5 (the local provider's Tomasz).
		await patient({
			givenName: 'Tomasz',
			familyName: 'Nowak',
			dateOfBirth: '1968-02-11',
			postcode: 'E21 4JP',
			registeredPracticeId: westbrookPractice.id,
			nhsNumber: '9434765943'
		});

		const [graceUser, danielUser, , linkWorkerUser, staffUser, hospitalUser] = await tx
			.insert(tables.users)
			.values([
				{ email: 'patient@example.org', passwordHash, role: 'patient', patientId: grace.id },
				{ email: 'carer@example.org', passwordHash, role: 'patient', patientId: daniel.id },
				{ mobile: '+447700900123', passwordHash, role: 'patient', patientId: samir.id },
				{
					email: 'linkworker@example.org',
					passwordHash,
					role: 'link_worker',
					organisationId: hub.id
				},
				{
					email: 'staff@example.org',
					passwordHash,
					role: 'staff',
					organisationId: eastmerePractice.id
				},
				{
					email: 'hospital@example.org',
					passwordHash,
					role: 'staff',
					organisationId: hospital.id
				},
				{ email: 'admin@example.org', passwordHash, role: 'admin' }
			])
			.returning();

		// Daniel acts for his mother Grace: her appointments, her general care plans, requests.
		const invitedAt = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
		const relationship = (
			await tx
				.insert(tables.proxyRelationships)
				.values({
					patientId: grace.id,
					proxyUserId: danielUser!.id,
					status: 'active',
					kind: 'carer',
					permissions: [
						'appointments.view',
						'appointments.manage',
						'care_plans.view',
						'requests.make'
					],
					carePlanLabels: ['general'],
					invitedIdentifier: 'carer@example.org',
					createdByUserId: graceUser!.id,
					createdAt: invitedAt,
					acceptedAt: new Date(invitedAt.getTime() + 60 * 60 * 1000)
				})
				.returning()
		)[0]!;
		await tx.insert(tables.activityLog).values([
			{
				at: invitedAt,
				actorUserId: graceUser!.id,
				subjectPatientId: grace.id,
				via: 'self',
				action: 'proxy.invited',
				detail: { relationshipId: relationship.id }
			},
			{
				at: relationship.acceptedAt!,
				actorUserId: danielUser!.id,
				subjectPatientId: grace.id,
				via: 'proxy',
				action: 'proxy.accepted',
				detail: { relationshipId: relationship.id }
			}
		]);

		// Four weeks of diaries from today, in every service and mode, at the organisation's place.
		const today = londonDate(now);
		const slotRows: (typeof tables.slots.$inferInsert)[] = [];
		// Audiology is fully booked for the next four weeks, as real clinics sometimes are, and the
		// practice has not yet opened its flu vaccination diary: staff add those sessions.
		const withoutDiary = ['Audiology', 'Flu vaccination'];
		for (const service of offered.filter((s) => !withoutDiary.includes(s.name))) {
			const place = places.find((p) => p.organisationId === service.organisationId)!;
			for (const mode of service.modes) {
				const minutes = mode === 'home_visit' ? 60 : service.name === 'GP appointment' ? 15 : 30;
				for (let day = 0; day < 28; day++) {
					const date = addDays(today, day);
					// Practices and clinics are closed at weekends and on bank holidays.
					if (!isWorkingDay(date)) continue;
					// Mornings for in-person and home visits, afternoons for phone and video.
					const [from, to] = mode === 'phone' || mode === 'video' ? [14, 17] : [9, 12];
					for (let start = from * 60; start + minutes <= to * 60; start += minutes) {
						const time = `${String(Math.floor(start / 60)).padStart(2, '0')}:${String(start % 60).padStart(2, '0')}`;
						const startsAt = londonTime(date, time);
						if (startsAt <= now) continue;
						slotRows.push({
							serviceId: service.id,
							locationId: place.id,
							mode,
							startsAt,
							endsAt: new Date(startsAt.getTime() + minutes * 60_000)
						});
					}
				}
			}
		}
		const demoSlots = await tx.insert(tables.slots).values(slotRows).returning();

		// Times outside the weekly grid, for the appointments below.
		const extraSlot = async (
			service: (typeof offered)[number],
			mode: (typeof tables.slots.$inferInsert)['mode'],
			date: string,
			time: string,
			minutes: number
		) => {
			const startsAt = londonTime(date, time);
			const place = places.find((p) => p.organisationId === service.organisationId)!;
			return (
				await tx
					.insert(tables.slots)
					.values({
						serviceId: service.id,
						locationId: place.id,
						mode,
						startsAt,
						endsAt: new Date(startsAt.getTime() + minutes * 60_000)
					})
					.returning()
			)[0]!;
		};

		// Grace has one appointment coming up and one she went to; some times are already taken.
		const gp = offered[0]!;
		const pastSlot = await extraSlot(gp, 'in_person', addDays(today, -10), '10:00', 15);
		// Maureen is in the practice's diary today, with needs for the staff to see.
		const maureenSlot = await extraSlot(gp, 'in_person', today, '08:30', 15);
		// Samir's home visit tomorrow evening is inside its service's two-day cut-off: to change
		// it he must phone.
		const socialCare = offered.find((s) => s.name === 'Adult social care assessment')!;
		const samirVisit = await extraSlot(socialCare, 'home_visit', addDays(today, 1), '17:30', 60);
		const inThreeDays = demoSlots.find(
			(slot) =>
				slot.serviceId === gp.id &&
				slot.mode === 'in_person' &&
				slot.startsAt.getTime() > now.getTime() + 3 * 24 * 60 * 60 * 1000
		)!;
		const graceBooking = { patientId: grace.id, bookedVia: 'self' as const };
		await tx.insert(tables.appointments).values([
			{ ...graceBooking, reference: 'GRC4TP', slotId: pastSlot.id, status: 'attended' },
			{
				...graceBooking,
				reference: 'GRC7MX',
				slotId: inThreeDays.id,
				needs: { someoneWithMe: true, stepFreeAccess: true }
			},
			{
				patientId: maureen.id,
				reference: 'MRN3KV',
				slotId: maureenSlot.id,
				// She has no phone or email; the practice booked it when she called in.
				bookedVia: 'staff' as const,
				needs: { stepFreeAccess: true, longerAppointment: true }
			},
			{ patientId: samir.id, reference: 'SMR8HV', slotId: samirVisit.id, bookedVia: 'self' },
			// Each from one diary and mode, so nobody holds two appointments at once.
			...takenSlots(demoSlots, offered[2]!.id, 4, now).map((slot) => ({
				patientId: samir.id,
				slotId: slot.id,
				reference: newReference(),
				bookedVia: 'self' as const
			})),
			...takenSlots(demoSlots, offered.find((s) => s.name === 'Physiotherapy')!.id, 3, now).map(
				(slot) => ({
					patientId: daniel.id,
					slotId: slot.id,
					reference: newReference(),
					bookedVia: 'self' as const
				})
			)
		]);
		// Hodan's appointment, booked by the practice when her link worker phoned: what she sees
		// once she comes in through NHS login. A weekday about a week on, after the weekly grid's
		// mornings.
		const hodansDay = [6, 7, 8, 9, 10]
			.map((days) => addDays(today, days))
			.find((date) => isWorkingDay(date))!;
		await tx.insert(tables.appointments).values({
			patientId: hodan.id,
			reference: 'HDN5WS',
			slotId: (await extraSlot(gp, 'in_person', hodansDay, '13:00', 20)).id,
			bookedVia: 'staff'
		});

		// Communication needs, recorded once and shown to staff wherever they meet the person.
		const needsRecordedAt = new Date(now.getTime() - 40 * 24 * 60 * 60 * 1000);
		await tx.insert(tables.communicationNeeds).values([
			{
				patientId: grace.id,
				interpreterLanguage: null,
				needs: ['large_print', 'step_free_access', 'someone_with_me'],
				updatedAt: needsRecordedAt,
				updatedByUserId: graceUser!.id
			},
			{
				patientId: maureen.id,
				interpreterLanguage: null,
				needs: ['hearing_loop', 'longer_appointments', 'large_print'],
				updatedAt: needsRecordedAt,
				// Recorded by her link worker when they first met at the hub.
				updatedByUserId: linkWorkerUser!.id
			},
			{
				patientId: hodan.id,
				interpreterLanguage: 'so',
				needs: [],
				updatedAt: needsRecordedAt,
				updatedByUserId: linkWorkerUser!.id
			}
		]);

		const byName = (name: string) =>
			offered.find(
				(service) => service.organisationId === eastmerePractice.id && service.name === name
			)!;
		await seedRequests(tx, {
			people: {
				grace: { patientId: grace.id, userId: graceUser!.id },
				maureen: maureen.id,
				hodan: hodan.id
			},
			linkWorkerUserId: linkWorkerUser!.id,
			services: { gp: byName('GP appointment'), nurse: byName('Practice nurse') },
			hubId: places.find((place) => place.name === 'Eastmere Community Hub at the Library')!.id,
			staffUserId: staffUser!.id,
			now
		});

		await seedCarePlans(tx, {
			grace,
			organisations: { eastmerePractice, hospital, community, council, hub },
			now
		});

		// Someone at each organisation without a demo staff account, who books and records for
		// the population below; none of them can sign in.
		const staffUserIds = new Map([
			[eastmerePractice.id, staffUser!.id],
			[hospital.id, hospitalUser!.id]
		]);
		for (const organisation of [westbrookPractice, community, council, hub]) {
			const user = (
				await tx
					.insert(tables.users)
					.values({
						role: 'staff',
						organisationId: organisation.id,
						nhsLoginSub: `demo-staff-${organisation.id}`
					})
					.returning()
			)[0]!;
			staffUserIds.set(organisation.id, user.id);
		}
		return {
			services: offered,
			places,
			practices: { eastmere: eastmerePractice.id, westbrook: westbrookPractice.id },
			staffUserIds,
			storyOrganisations: [eastmerePractice.id, hospital.id],
			linkWorkerUserId: linkWorkerUser!.id
		};
	});

	// The made-up deprivation lookup, the wider population, and the insight's first count.
	const sqlite = db.$client;
	sqlite.transaction(() => {
		loadDeprivationTexts(sqlite, { indices: madeUpIndices, postcodes: madeUpPostcodes });
		seedPopulation(sqlite, { ...world, postcodes: madeUpPostcodeList() }, now, population);
	})();
	countNow(db, now);
}

/** The made-up lookup's postcodes, in the file's order. */
function madeUpPostcodeList(): string[] {
	return madeUpPostcodes
		.split('\n')
		.slice(1)
		.map((line) => line.split(',')[0]!.trim())
		.filter(Boolean);
}

/** Every nth in-person slot of one service's diary from two days on, up to twenty. */
function takenSlots<T extends { serviceId: number; mode: string; startsAt: Date }>(
	all: T[],
	serviceId: number,
	every: number,
	now: Date
): T[] {
	const from = now.getTime() + 2 * 24 * 60 * 60 * 1000;
	return all
		.filter((slot) => slot.serviceId === serviceId && slot.mode === 'in_person')
		.filter((slot) => slot.startsAt.getTime() > from)
		.filter((_, index) => index % every === 1)
		.slice(0, 20);
}
