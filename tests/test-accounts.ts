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
