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
 * The mobile number, if we may text it: not one that replied STOP (texts/conversation.ts) and has
 * not replied START since. What would go to it by text goes the next way instead.
 */
async function textable(tx: Transaction, mobile: string | null): Promise<string | null> {
	if (!mobile) return null;
	const [optedOut] = await tx
		.select({ phone: textOptOuts.phone })
		.from(textOptOuts)
		.where(eq(textOptOuts.phone, mobile));
	return optedOut ? null : mobile;
}

/**
 * An account's own address: email when there is one, as it carries the most; else SMS, unless
 * texts cannot reach them.
 */
async function accountChannel(
	tx: Transaction,
	account: { email: string | null; mobile: string | null },
	sms = true
): Promise<[MessageChannel, string] | null> {
	if (account.email) return ['email', account.email];
	const mobile = sms ? await textable(tx, account.mobile) : null;
	if (mobile) return ['sms', mobile];
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
 * (its sensitivity label, as access/policy.ts decides). `sms: false` when a text cannot reach
 * them (one about this news was not delivered): never a text, and, rather than leave them
 * unheard, the next way they can be reached: email, then letter, then their carer.
 */
export type Limits = {
	letter?: boolean;
	carer?: boolean;
	about?: { label: SensitivityLabel };
	sms?: boolean;
};

/**
 * Where and in what language a patient hears from us: the way they prefer, when it can carry a
 * message (a phone call cannot be queued; a letter needs an address) and the message may go that
 * way; otherwise their account (email, else SMS). Through a link worker means in person: nothing
 * is sent. When texts cannot reach them (`sms: false`), a letter or their carer after that.
 */
export async function recipientOf(
	tx: Transaction,
	patientId: number,
	limits: Limits = { letter: true, carer: true },
	/** The way asked for this once (on a request), rather than the way recorded for them. */
	preferred?: ReachMethod
): Promise<PatientRecipient | null> {
	const patient = (await tx.select().from(patients).where(eq(patients.id, patientId)))[0];
	if (!patient) return null;
	const person = { givenName: patient.givenName, familyName: patient.familyName };
	const account = (
		await tx
			.select({ email: users.email, mobile: users.mobile, language: users.language })
			.from(users)
			.where(eq(users.patientId, patientId))
	)[0];
	const language = account ? languageOf(account) : defaultLanguage;
	const by = (channel: MessageChannel, address: string): PatientRecipient => ({
		channel,
		address,
		language,
		viaCarer: false,
		person
	});
	const texts = limits.sms !== false;
	const letter = () =>
		limits.letter && patient.address
			? by(
					'letter',
					[`${patient.givenName} ${patient.familyName}`, patient.address, patient.postcode]
						.join('\n')
						.trim()
				)
			: null;
	const carer = async () => {
		const found = limits.carer ? await carerOf(tx, patientId, limits.about, texts) : null;
		return found ? { ...found, person } : null;
	};
	switch (preferred ?? patient.reachBy) {
		case 'sms':
			if (texts && account) {
				const mobile = await textable(tx, account.mobile);
				if (mobile) return by('sms', mobile);
			}
			break;
		case 'email':
			if (account?.email) return by('email', account.email);
			break;
		case 'letter': {
			const byLetter = letter();
			if (byLetter) return byLetter;
			break;
		}
		case 'carer': {
			const throughCarer = await carer();
			if (throughCarer) return throughCarer;
			break;
		}
	}
	const channel = account && (await accountChannel(tx, account, texts));
	if (channel) return by(channel[0], channel[1]);
	// Texts cannot reach them (one was not delivered, or their number asked for no more): rather
	// than leave them unheard, a letter, else their carer.
	const textsStopped = Boolean(account?.mobile) && !(await textable(tx, account!.mobile));
	return texts && !textsStopped ? null : (letter() ?? (await carer()));
}

/**
 * The first carer who acts for the patient and has an account (and may know of the service the
 * message is about), written to in their language.
 */
async function carerOf(
	tx: Transaction,
	patientId: number,
	about?: { label: SensitivityLabel },
	texts = true
): Promise<Recipient | null> {
	const carer = (
		await tx
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
	).find(
		(relationship) => !about || mayKnowOfService({ via: 'proxy', grant: relationship }, about.label)
	);
	const channel = carer && (await accountChannel(tx, carer, texts));
	return carer && channel
		? { channel: channel[0], address: channel[1], language: languageOf(carer), viaCarer: true }
		: null;
}

/**
 * Who hears about a request not matched to a record yet: the account that made it, at its own
 * email address or mobile number (the way asked, when it has it), in its language. Nobody else
 * is told: there is no record, so no carer, letter address or contact the practice holds.
 */
export async function makerOf(
	tx: Transaction,
	userId: number,
	preferred: ReachMethod
): Promise<Recipient | null> {
	const account = (
		await tx
			.select({ email: users.email, mobile: users.mobile, language: users.language })
			.from(users)
			.where(eq(users.id, userId))
	)[0];
	if (!account) return null;
	const language = languageOf(account);
	const mobile =
		preferred === 'sms' || preferred === 'phone' ? await textable(tx, account.mobile) : null;
	const asked: [MessageChannel, string] | null =
		preferred === 'email' && account.email
			? ['email', account.email]
			: mobile
				? ['sms', mobile]
				: null;
	const channel = asked ?? (await accountChannel(tx, account));
	return channel ? { channel: channel[0], address: channel[1], language, viaCarer: false } : null;
}
