// Finding my record without NHS login. A resident signed in with an account not yet linked gives
// their details; when exactly one record matches, and it has no account yet, a one-time code
// goes to a contact the record already holds (never one typed in the form), and typing it back
// links the account. The answer is the same, and takes the same time, whatever the details match,
// so that asking says nothing about who is in the register.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { defaultLanguage, isLanguageCode } from '$lib/i18n/languages';
import { mayFindOwnRecord, type Actor } from '../access/policy';
import { theOneMatching, type ResidentDetails } from '../assist/assist';
import { takeResidentSearch } from '../assist/resident-search';
import { hashSecret } from '../auth/session';
import { changedRows, database, tables, transaction } from '../db';
import type { RecordCodeChannel } from '../db/schema';
import { forgetTries, takeTry } from '../limits';
import { queueRecordCode } from '../messages/outbox';
import { recordSecurityEvent } from '../security-log';
import { linkAccountToRecord } from './record-links';

const { patients, recordLinkCodes, users } = tables;

/** Eight digits: a letter's code works for 14 days, long enough to need more than six. */
export const recordCodeDigits = 8;

const hour = 60 * 60 * 1000;
/** How long a code works: a text or email arrives at once; a letter takes days in the post. */
export const recordCodeLifetimeMs: Record<RecordCodeChannel, number> = {
	sms: hour,
	email: hour,
	letter: 14 * 24 * hour
};

/**
 * How long asking takes, whatever the details match: far longer than searching and sending a
 * code ever do (a few milliseconds), so the time of the answer says nothing about the register.
 */
export const findRecordFloorMs = 300;

export type RecordDetails = ResidentDetails & { nhsNumber: string | null };

type RecordContactFields = {
	givenName: string;
	familyName: string;
	mobile: string | null;
	email: string | null;
	address: string | null;
	postcode: string;
};

/**
 * Where a code for this record goes: the mobile the GP practice holds, by text; else the email
 * it holds; else a letter to the registered address. Null when the record holds none of them.
 */
export function recordContact(
	patient: RecordContactFields
): { channel: RecordCodeChannel; address: string } | null {
	if (patient.mobile) return { channel: 'sms', address: patient.mobile };
	if (patient.email) return { channel: 'email', address: patient.email };
	if (patient.address) {
		const lines = [`${patient.givenName} ${patient.familyName}`, patient.address, patient.postcode];
		return { channel: 'letter', address: lines.join('\n').trim() };
	}
	return null;
}

/** "1234 5678", "1234-5678" and "12345678" are the same code; anything else is not a code. */
export function normaliseRecordCode(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	return new RegExp(`^\\d{${recordCodeDigits}}$`).test(digits) ? digits : null;
}

const stored = (code: string) => Buffer.from(hashSecret(code));

/**
 * Sends a code for the one record these details match, when it has no account yet and holds a
 * way to reach it; any earlier code of the account stops working. How it went, or null when
 * nothing was sent: for the caller's tests only, never for the page.
 */
export async function sendRecordCode(
	account: { userId: number; language: string | null },
	details: RecordDetails,
	now = new Date()
): Promise<RecordCodeChannel | null> {
	const match = await theOneMatching(details);
	if (!match) return null;
	const db = database();
	const taken = (
		await db.select({ id: users.id }).from(users).where(eq(users.patientId, match.id))
	)[0];
	if (taken) return null;
	const patient = (await db.select().from(patients).where(eq(patients.id, match.id)))[0];
	const contact = patient && recordContact(patient);
	if (!patient || !contact) return null;
	// A few codes a day to one record, whoever asks: its holder is never pestered.
	if (await takeTry('recordCodeToRecord', String(patient.id))) return null;

	const code = String(randomInt(0, 10 ** recordCodeDigits)).padStart(recordCodeDigits, '0');
	const expiresAt = new Date(now.getTime() + recordCodeLifetimeMs[contact.channel]);
	const language = isLanguageCode(account.language) ? account.language : defaultLanguage;
	await transaction(
		async (tx) => {
			await tx
				.update(recordLinkCodes)
				.set({ expiresAt: now })
				.where(
					and(
						eq(recordLinkCodes.userId, account.userId),
						isNull(recordLinkCodes.usedAt),
						gt(recordLinkCodes.expiresAt, now)
					)
				);
			await tx.insert(recordLinkCodes).values({
				userId: account.userId,
				patientId: patient.id,
				channel: contact.channel,
				codeHash: stored(code),
				createdAt: now,
				expiresAt
			});
			await queueRecordCode(
				tx,
				{ ...contact, patientId: patient.id, language },
				{ code, expiresAt, now }
			);
		},
		{ behavior: 'immediate' }
	);
	return contact.channel;
}

export type FindOutcome = { ok: true } | { ok: false; reason: 'not-allowed' | 'held-back' };

/**
 * Asking, as the page does: one search from the resident-search allowance (and its line in the
 * security log), a code when the details match one record free to link, and the same answer
 * after the same time whatever they matched.
 */
export async function findMyRecord(
	actor: Actor | null,
	language: string | null,
	address: string,
	details: RecordDetails,
	now = new Date()
): Promise<FindOutcome> {
	if (!mayFindOwnRecord(actor)) return { ok: false, reason: 'not-allowed' };
	const started = performance.now();
	const held = await takeResidentSearch(actor!, address, 'find_my_record');
	if (!held) await sendRecordCode({ userId: actor!.userId, language }, details, now);
	await sleep(Math.max(0, findRecordFloorMs - (performance.now() - started)));
	return held ? { ok: false, reason: 'held-back' } : { ok: true };
}

export type CodeOutcome = 'linked' | 'wrong' | 'held-back' | 'not-allowed';

/**
 * Links the account to the record its latest code was sent for, when the code typed is that
 * code, still good and not used. A wrong, old or used code changes nothing but the count of
 * tries, which holds guessing back.
 */
export async function useRecordCode(
	actor: Actor | null,
	address: string,
	typed: string,
	now = new Date()
): Promise<CodeOutcome> {
	if (!mayFindOwnRecord(actor)) return 'not-allowed';
	const key = String(actor!.userId);
	// Counted before the code is checked, so that guesses sent together are all counted.
	if (await takeTry('recordCodeGuess', key)) {
		await recordSecurityEvent('held_back', {
			userId: actor!.userId,
			address,
			reason: 'record_code'
		});
		return 'held-back';
	}
	const code = normaliseRecordCode(typed);
	const latest = (
		await database()
			.select()
			.from(recordLinkCodes)
			.where(
				and(
					eq(recordLinkCodes.userId, actor!.userId),
					gt(recordLinkCodes.expiresAt, now),
					isNull(recordLinkCodes.usedAt)
				)
			)
			.orderBy(desc(recordLinkCodes.id))
	)[0];
	const right =
		code !== null && latest && constantTimeEqual(hashSecret(code), new Uint8Array(latest.codeHash));
	const outcome = right
		? await transaction(
				async (tx) => {
					// Only the first to use the code links with it: `used_at IS NULL` in the update.
					const used = await tx
						.update(recordLinkCodes)
						.set({ usedAt: now })
						.where(and(eq(recordLinkCodes.id, latest.id), isNull(recordLinkCodes.usedAt)));
					if (changedRows(used) === 0) return 'wrong';
					const linked = await linkAccountToRecord(
						{ userId: actor!.userId, patientId: latest.patientId, address },
						{ method: 'code' },
						tx
					);
					return linked === 'linked' ? 'linked' : 'wrong';
				},
				{ behavior: 'immediate' }
			)
		: 'wrong';
	if (outcome === 'linked') {
		await forgetTries('recordCodeGuess', key);
		return 'linked';
	}
	await recordSecurityEvent('record_code_failed', { userId: actor!.userId, address });
	return 'wrong';
}
