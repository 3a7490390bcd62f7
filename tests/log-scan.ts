// Run by Playwright after every test: the server's log of the whole end-to-end run must hold
// nothing that names a person. It is scanned for every account's email address and mobile number
// and every patient's name, NHS number and postcode, as the e2e database holds them at the end
// (the demo people and everyone the tests registered). The demo's start-up banner, which lists
// the fictional demo accounts on purpose, is the one thing skipped.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { e2eDatabase, e2eServerLog } from './playwright.config';

export default function scanServerLog(): void {
	const log = fs.readFileSync(e2eServerLog, 'utf8').split('\n');
	const banner = log.findIndex((line) => line.startsWith('Demo accounts, all with'));
	let bannerEnd = banner + 1;
	while (banner >= 0 && /^ {2}\S+$/.test(log[bannerEnd] ?? '')) bannerEnd++;
	const scanned = [...log.slice(0, Math.max(banner, 0)), ...log.slice(bannerEnd)].join('\n');

	const db = new Database(e2eDatabase, { readonly: true, fileMustExist: true });
	const details = new Set<string>();
	for (const { email, mobile } of db.prepare('SELECT email, mobile FROM users').all() as {
		email: string | null;
		mobile: string | null;
	}[]) {
		if (email) details.add(email);
		if (mobile) details.add(mobile);
	}
	for (const patient of db
		.prepare('SELECT given_name, family_name, nhs_number, postcode FROM patients')
		.all() as {
		given_name: string;
		family_name: string;
		nhs_number: string | null;
		postcode: string;
	}[]) {
		details.add(`${patient.given_name} ${patient.family_name}`);
		if (patient.nhs_number) details.add(patient.nhs_number);
		details.add(patient.postcode);
	}
	db.close();

	const found = [...details].filter((detail) => detail.length > 3 && scanned.includes(detail));
	console.log(
		`Server log scanned: ${scanned.length} characters, ${details.size} personal details looked for, ${found.length} found`
	);
	if (found.length > 0) {
		throw new Error(`The server's log names people: ${found.join(', ')}`);
	}
}
