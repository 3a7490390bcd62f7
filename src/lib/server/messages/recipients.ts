// Who hears from us, and which way: from a person's recorded details (how they prefer to be
// reached, their account's email address and mobile number, their carers) and their language.
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import { defaultLanguage, isLanguageCode, type LanguageCode } from '$lib/i18n/languages';
import { mayKnowOfService } from '../access/policy';
import { tables, type Transaction } from '../db';
import type { MessageChannel, ReachMethod, SensitivityLabel } from '../db/schema';
import type { PersonName } from './templates';

const { patients, proxyRelationships, textOptOuts, users } = tables;

export type Recipient = {
	channel: MessageChannel;
	/** Email address, mobile number, or a letter's address lines. */
	address: string;
	language: LanguageCode;
	/** Written to the person's carer, who passes it on, rather than to the person. */
	viaCarer: boolean;
};

/** A patient's recipient, with the patient's own name (whose care the message is about). */
export type PatientRecipient = Recipient & { person: PersonName };

export function languageOf(account: { language: string | null }): LanguageCode {
	return isLanguageCode(account.language) ? account.language : defaultLanguage;
}

/**
 * A mobile number we may text: not one that replied STOP (texts/conversation.ts) and has not
 * replied START since. What would go to it by text goes the next way instead.
 */
function textable(tx: Transaction, mobile: string | null): mobile is string {
	if (!mobile) return false;
	return !tx
		.select({ phone: textOptOuts.phone })
		.from(textOptOuts)
		.where(eq(textOptOuts.phone, mobile))
		.get();
}

/** An account's own address: email when there is one, as it carries the most; else SMS. */
function accountChannel(
	tx: Transaction,
	account: { email: string | null; mobile: string | null }
): [MessageChannel, string] | null {
	if (account.email) return ['email', account.email];
	if (textable(tx, account.mobile)) return ['sms', account.mobile];
	return null;
}

/** A message to an address the person typed: email or text, never a letter or a carer. */
export function typedAddress(
	to: { kind: 'email' | 'mobile'; value: string },
	language: LanguageCode
): Recipient {
	return {
		channel: to.kind === 'email' ? 'email' : 'sms',
		address: to.value,
		language,
		viaCarer: false
	};
}

/**
 * Ways a message may not go: a reminder cannot wait for the post; some notices are the patient's
 * own. A message about a service goes through a carer only when they may know of the service
 * (its sensitivity label, as access/policy.ts decides).
 */
export type Limits = { letter?: boolean; carer?: boolean; about?: { label: SensitivityLabel } };

/**
 * Where and in what language a patient hears from us: the way they prefer, when it can carry a
 * message (a phone call cannot be queued; a letter needs an address) and the message may go that
 * way; otherwise their account (email, else SMS). Through a link worker means in person: nothing
 * is sent.
 */
export function recipientOf(
	tx: Transaction,
	patientId: number,
	limits: Limits = { letter: true, carer: true },
	/** The way asked for this once (on a request), rather than the way recorded for them. */
	preferred?: ReachMethod
): PatientRecipient | null {
	const patient = tx.select().from(patients).where(eq(patients.id, patientId)).get();
	if (!patient) return null;
	const person = { givenName: patient.givenName, familyName: patient.familyName };
	const account = tx
		.select({ email: users.email, mobile: users.mobile, language: users.language })
		.from(users)
		.where(eq(users.patientId, patientId))
		.get();
	const language = account ? languageOf(account) : defaultLanguage;
	const by = (channel: MessageChannel, address: string): PatientRecipient => ({
		channel,
		address,
		language,
		viaCarer: false,
		person
	});
	switch (preferred ?? patient.reachBy) {
		case 'sms':
			if (account && textable(tx, account.mobile)) return by('sms', account.mobile);
			break;
		case 'email':
			if (account?.email) return by('email', account.email);
			break;
		case 'letter':
			if (limits.letter && patient.address) {
				const lines = [
					`${patient.givenName} ${patient.familyName}`,
					patient.address,
					patient.postcode
				];
				return by('letter', lines.join('\n').trim());
			}
			break;
		case 'carer': {
			const carer = limits.carer ? carerOf(tx, patientId, limits.about) : null;
			if (carer) return { ...carer, person };
			break;
		}
	}
	const channel = account && accountChannel(tx, account);
	return channel ? by(channel[0], channel[1]) : null;
}

/**
 * The first carer who acts for the patient and has an account (and may know of the service the
 * message is about), written to in their language.
 */
function carerOf(
	tx: Transaction,
	patientId: number,
	about?: { label: SensitivityLabel }
): Recipient | null {
	const carer = tx
		.select({
			email: users.email,
			mobile: users.mobile,
			language: users.language,
			permissions: proxyRelationships.permissions,
			carePlanLabels: proxyRelationships.carePlanLabels
		})
		.from(proxyRelationships)
		.innerJoin(users, eq(proxyRelationships.proxyUserId, users.id))
		.where(
			and(
				eq(proxyRelationships.patientId, patientId),
				// Their carer: not an attorney or anyone else who acts for them.
				eq(proxyRelationships.kind, 'carer'),
				eq(proxyRelationships.status, 'active'),
				or(isNull(proxyRelationships.endsAt), gt(proxyRelationships.endsAt, new Date()))
			)
		)
		.orderBy(asc(proxyRelationships.acceptedAt))
		.all()
		.find(
			(relationship) =>
				!about || mayKnowOfService({ via: 'proxy', grant: relationship }, about.label)
		);
	const channel = carer && accountChannel(tx, carer);
	return carer && channel
		? { channel: channel[0], address: channel[1], language: languageOf(carer), viaCarer: true }
		: null;
}

/**
 * Who hears about a request not matched to a record yet: the account that made it, at its own
 * email address or mobile number (the way asked, when it has it), in its language. Nobody else
 * is told: there is no record, so no carer, letter address or contact the practice holds.
 */
export function makerOf(tx: Transaction, userId: number, preferred: ReachMethod): Recipient | null {
	const account = tx
		.select({ email: users.email, mobile: users.mobile, language: users.language })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (!account) return null;
	const language = languageOf(account);
	const asked: [MessageChannel, string] | null =
		preferred === 'email' && account.email
			? ['email', account.email]
			: (preferred === 'sms' || preferred === 'phone') && textable(tx, account.mobile)
				? ['sms', account.mobile]
				: null;
	const channel = asked ?? accountChannel(tx, account);
	return channel ? { channel: channel[0], address: channel[1], language, viaCarer: false } : null;
}
