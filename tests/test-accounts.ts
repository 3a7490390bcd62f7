// Accounts a test makes for itself, so that what it uses up (a search allowance, a sign-in
// limit) never reaches another test, whatever order or speed the suite runs at.
import Database from 'better-sqlite3';
import { e2eDatabase } from './playwright.config';

/** A new account like a demo one (same role, organisation and password), for one test alone. */
export function anAccountLike(demoEmail: string, email: string): number {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		return Number(
			db
				.prepare(
					`INSERT INTO users (email, password_hash, role, organisation_id)
					 SELECT ?, password_hash, role, organisation_id FROM users WHERE email = ?`
				)
				.run(email, demoEmail).lastInsertRowid
		);
	} finally {
		db.close();
	}
}

/** A new resident with a record and an account of their own (password as the demo's), for one test. */
export function aResidentWithRecord(email: string, givenName: string): number {
	const db = new Database(e2eDatabase, { fileMustExist: true });
	try {
		const patientId = db
			.prepare(
				`INSERT INTO patients (given_name, family_name, date_of_birth, postcode)
				 VALUES (?, 'Tester', '1980-05-17', 'E20 1AA')`
			)
			.run(givenName).lastInsertRowid;
		db.prepare(
			`INSERT INTO users (email, password_hash, role, patient_id)
			 SELECT ?, password_hash, 'patient', ? FROM users WHERE email = 'patient@example.org'`
		).run(email, patientId);
		return Number(patientId);
	} finally {
		db.close();
	}
}
