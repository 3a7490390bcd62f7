// Patients as the rest of the domain names them: a record, and whose care a request is about.
import { eq } from 'drizzle-orm';
import type { Subject } from './access/policy';
import { database, tables } from './db';

const { patients } = tables;

/** A patient as the subject of a request: whose care it is about. */
export async function subjectOf(patientId: number): Promise<Subject | null> {
	return (
		(
			await database()
				.select({
					patientId: patients.id,
					givenName: patients.givenName,
					familyName: patients.familyName
				})
				.from(patients)
				.where(eq(patients.id, patientId))
		)[0] ?? null
	);
}
