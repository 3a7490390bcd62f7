// The demo: a fictional Integrated Care System of two London boroughs, with made-up people.
// Mobile numbers are from Ofcom's drama range (07700 900000–900999), phone numbers from
// 020 7946 0000–0999.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { hashPassword } from '../auth/password';
import { openDatabase, type Db } from './client';
import { tables } from './index';

export const demoPassword = 'joined-up-demo';

/** Written into the demo database's header, so the demo never wipes a database that is not one. */
const demoApplicationId = 0x4a55444d;

/** The demo accounts and the translation key saying who each one is. */
export const demoAccounts = [
	{ signInWith: 'patient@example.org', who: 'signIn.demoPatient' },
	{ signInWith: 'carer@example.org', who: 'signIn.demoCarer' },
	{ signInWith: '07700900123', who: 'signIn.demoMobilePatient' },
	{ signInWith: 'linkworker@example.org', who: 'signIn.demoLinkWorker' },
	{ signInWith: 'staff@example.org', who: 'signIn.demoStaff' },
	{ signInWith: 'admin@example.org', who: 'signIn.demoAdmin' }
] as const;

/** Deletes the demo database at `file` (refusing anything else) and makes it afresh. */
export async function createDemoDatabase(file: string, migrationsFolder: string): Promise<void> {
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
		await seedDemoData(db);
		db.$client.pragma(`application_id = ${demoApplicationId}`);
	} finally {
		db.$client.close();
	}
}

async function seedDemoData(db: Db): Promise<void> {
	const passwordHash = await hashPassword(demoPassword);
	db.transaction((tx) => {
		const org = (values: typeof tables.organisations.$inferInsert) =>
			tx.insert(tables.organisations).values(values).returning().get();
		const eastmerePractice = org({
			name: 'Eastmere Health Centre',
			kind: 'gp_practice',
			borough: 'Eastmere',
			phone: '020 7946 0101'
		});
		const westbrookPractice = org({
			name: 'Westbrook Medical Practice',
			kind: 'gp_practice',
			borough: 'Westbrook',
			phone: '020 7946 0202'
		});
		const hospital = org({
			name: 'Eastmere and Westbrook Hospitals NHS Trust',
			kind: 'hospital_trust',
			borough: 'Eastmere',
			phone: '020 7946 0303'
		});
		const community = org({
			name: 'Riverside Community Health',
			kind: 'community_provider',
			borough: 'Westbrook',
			phone: '020 7946 0404'
		});
		const council = org({
			name: 'Eastmere Council Adult Social Care',
			kind: 'council',
			borough: 'Eastmere',
			phone: '020 7946 0505'
		});
		const hub = org({
			name: 'Eastmere Community Hub',
			kind: 'voluntary_sector',
			borough: 'Eastmere',
			phone: '020 7946 0606'
		});

		tx.insert(tables.locations)
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
					hearingLoop: false
				},
				{
					organisationId: council.id,
					name: 'Eastmere Town Hall',
					address: '1 Civic Square, Eastmere, London',
					postcode: 'E20 3DD',
					stepFreeAccess: true,
					hearingLoop: true
				},
				{
					organisationId: hub.id,
					name: 'Eastmere Community Hub at the Library',
					address: '27 High Street, Eastmere, London',
					postcode: 'E20 5EE',
					stepFreeAccess: true,
					hearingLoop: true
				}
			])
			.run();

		tx.insert(tables.services)
			.values([
				{
					organisationId: eastmerePractice.id,
					name: 'GP appointment',
					modes: ['in_person', 'phone', 'video', 'home_visit'],
					phone: eastmerePractice.phone
				},
				{
					organisationId: eastmerePractice.id,
					name: 'Practice nurse',
					modes: ['in_person', 'phone'],
					phone: eastmerePractice.phone
				},
				{
					organisationId: westbrookPractice.id,
					name: 'GP appointment',
					modes: ['in_person', 'phone', 'video'],
					phone: westbrookPractice.phone
				},
				{
					organisationId: hospital.id,
					name: 'Diabetes clinic',
					modes: ['in_person', 'video'],
					phone: hospital.phone
				},
				{
					organisationId: community.id,
					name: 'Physiotherapy',
					modes: ['in_person', 'video', 'home_visit'],
					phone: community.phone
				},
				{
					organisationId: community.id,
					name: 'Community mental health team',
					modes: ['in_person', 'phone', 'video'],
					phone: community.phone
				},
				{
					organisationId: council.id,
					name: 'Adult social care assessment',
					modes: ['home_visit', 'phone'],
					phone: council.phone
				},
				{
					organisationId: hub.id,
					name: 'Social prescribing',
					modes: ['in_person', 'phone'],
					phone: hub.phone
				}
			])
			.run();

		const patient = (values: typeof tables.patients.$inferInsert) =>
			tx.insert(tables.patients).values(values).returning().get();
		const grace = patient({
			givenName: 'Grace',
			familyName: 'Ofori',
			dateOfBirth: '1948-03-14',
			postcode: 'E20 1QP',
			nhsNumber: '9434765919'
		});
		const daniel = patient({
			givenName: 'Daniel',
			familyName: 'Ofori',
			dateOfBirth: '1976-09-02',
			postcode: 'E21 6RT',
			nhsNumber: '9434765870'
		});
		const samir = patient({
			givenName: 'Samir',
			familyName: 'Haddad',
			dateOfBirth: '1983-06-21',
			postcode: 'E20 7LM'
		});
		// A resident without a phone or email, for link workers to find in person.
		patient({
			givenName: 'Maureen',
			familyName: 'Kelly',
			dateOfBirth: '1939-11-30',
			postcode: 'E20 2WS'
		});

		tx.insert(tables.users)
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
				{ email: 'admin@example.org', passwordHash, role: 'admin' }
			])
			.run();
	});
}
