// Patients as the rest of the domain names them: a record, and whose care a request is about.
import { eq } from 'drizzle-orm';
import type { Subject } from './access/policy';
import { database, tables } from './db';

const { patients } = tables;

/** A patient as the subject of a request: whose care it is about. */
export function subjectOf(patientId: number): Subject | null {
	return (
		database()
			.select({
				patientId: patients.id,
				givenName: patients.givenName,
				familyName: patients.familyName
			})
			.from(patients)
			.where(eq(patients.id, patientId))
			.get() ?? null
	);
}
