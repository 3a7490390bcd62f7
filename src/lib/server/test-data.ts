// Made-up organisations, places and people for unit tests, each in the test file's own
// in-memory database. Only spec files import this.
import type { ActingContext } from './access';
import { database, tables } from './db';
import type { AppointmentMode } from './db/schema';

export function aService(modes: AppointmentMode[] = ['in_person', 'phone']) {
	const db = database();
	const organisation = db
		.insert(tables.organisations)
		.values({ name: 'Practice', kind: 'gp_practice', borough: 'Eastmere', phone: '020 7946 0101' })
		.returning()
		.get();
	const location = db
		.insert(tables.locations)
		.values({
			organisationId: organisation.id,
			name: 'Practice',
			address: '1 Street',
			postcode: 'E20 1AA',
			stepFreeAccess: true,
			hearingLoop: false
		})
		.returning()
		.get();
	const service = db
		.insert(tables.services)
		.values({
			organisationId: organisation.id,
			name: 'GP appointment',
			modes,
			phone: '020 7946 0101',
			cancellationCutoffMinutes: 120
		})
		.returning()
		.get();
	return { organisation, location, service };
}

/** A patient with an account, signed in and managing their own care. */
export function aPatient(
	givenName: string,
	account: { email?: string; mobile?: string; language?: string } = {
		email: `${givenName.toLowerCase()}@example.org`
	}
): ActingContext {
	const db = database();
	const patient = db
		.insert(tables.patients)
		.values({ givenName, familyName: 'Test', dateOfBirth: '1970-01-01', postcode: 'E20 1AA' })
		.returning()
		.get();
	const user = db
		.insert(tables.users)
		.values({ ...account, passwordHash: 'x', patientId: patient.id })
		.returning()
		.get();
	return {
		actor: { userId: user.id, role: 'patient', patientId: patient.id, organisationId: null },
		subject: { patientId: patient.id, givenName, familyName: 'Test' },
		via: 'self'
	};
}
