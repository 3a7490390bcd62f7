// A patient's communication needs, recorded once (by them, someone allowed to act for them, or a
// link worker helping them) and shown to staff wherever they meet the patient. Who may change
// them is decided in access/policy.ts.
import { and, eq } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { may, type ActingContext } from './access/policy';
import { recordActivity } from './audit';
import { database, tables, transaction } from './db';
import type { AppointmentNeeds, CommunicationNeedKind, ReachMethod } from './db/schema';

const { communicationNeeds, patients } = tables;

export type CommunicationNeeds = {
	interpreterLanguage: string | null;
	needs: CommunicationNeedKind[];
	other: string | null;
	otherLanguage: string | null;
	reachBy: ReachMethod | null;
};

/** What is recorded for a patient; nothing recorded reads as no needs. Callers decide access. */
export async function communicationNeedsOf(patientId: number): Promise<CommunicationNeeds> {
	const row = (
		await database()
			.select({
				interpreterLanguage: communicationNeeds.interpreterLanguage,
				needs: communicationNeeds.needs,
				other: communicationNeeds.other,
				otherLanguage: communicationNeeds.otherLanguage,
				reachBy: patients.reachBy
			})
			.from(patients)
			.leftJoin(communicationNeeds, eq(communicationNeeds.patientId, patients.id))
			.where(eq(patients.id, patientId))
	)[0];
	return {
		interpreterLanguage: row?.interpreterLanguage ?? null,
		needs: row?.needs ?? [],
		other: row?.other ?? null,
		otherLanguage: row?.otherLanguage ?? null,
		reachBy: row?.reachBy ?? null
	};
}

/** Whether anything at all is recorded, for flagging to staff. */
export function hasNeeds(needs: CommunicationNeeds): boolean {
	return needs.interpreterLanguage !== null || needs.needs.length > 0 || needs.other !== null;
}

/** The subject's needs, for the settings page, if the actor may change them. */
export async function ownCommunicationNeeds(
	context: ActingContext
): Promise<CommunicationNeeds | null> {
	if (!context.subject || !may(context, 'communication_needs.manage')) return null;
	return await communicationNeedsOf(context.subject.patientId);
}

/**
 * The ways an account with no record yet can be reached: its own mobile number (a call or a
 * text), its own email address, or in person through a link worker. No letter: it has no address.
 */
export async function accountReachableWays(userId: number): Promise<ReachMethod[]> {
	const account = (
		await database()
			.select({ email: tables.users.email, mobile: tables.users.mobile })
			.from(tables.users)
			.where(eq(tables.users.id, userId))
	)[0];
	return [
		...(account?.mobile ? (['phone', 'sms'] as const) : []),
		...(account?.email ? (['email'] as const) : []),
		'link_worker'
	];
}

/**
 * The ways we could reach the patient now: a phone call or text needs a mobile number, an email
 * an address, a letter a postal address, a carer someone acting for them as their carer. In
 * person, through a link worker, is always possible.
 */
export async function reachableWays(patientId: number): Promise<ReachMethod[]> {
	const db = database();
	const account = (
		await db
			.select({ email: tables.users.email, mobile: tables.users.mobile })
			.from(tables.users)
			.where(eq(tables.users.patientId, patientId))
	)[0];
	const patient = (await db.select().from(patients).where(eq(patients.id, patientId)))[0];
	const carer = (
		await db
			.select({ id: tables.proxyRelationships.id })
			.from(tables.proxyRelationships)
			.where(
				and(
					eq(tables.proxyRelationships.patientId, patientId),
					eq(tables.proxyRelationships.kind, 'carer'),
					eq(tables.proxyRelationships.status, 'active')
				)
			)
	)[0];
	return [
		...(account?.mobile ? (['phone', 'sms'] as const) : []),
		...(account?.email ? (['email'] as const) : []),
		...(patient?.address ? (['letter'] as const) : []),
		...(carer ? (['carer'] as const) : []),
		'link_worker'
	];
}

export type SaveOutcome = 'saved' | 'not-allowed' | 'unreachable';

export async function saveCommunicationNeeds(
	context: ActingContext,
	needs: CommunicationNeeds,
	language: LanguageCode,
	now = new Date()
): Promise<SaveOutcome> {
	const { actor, subject } = context;
	if (!actor || !subject || !may(context, 'communication_needs.manage')) return 'not-allowed';
	// A way we cannot use would silently stop every message: say so instead.
	if (needs.reachBy && !(await reachableWays(subject.patientId)).includes(needs.reachBy)) {
		return 'unreachable';
	}
	const before = await communicationNeedsOf(subject.patientId);
	const values = {
		interpreterLanguage: spokenLanguage(needs.interpreterLanguage)
			? needs.interpreterLanguage
			: null,
		needs: needs.needs,
		other: needs.other,
		// Words kept as they were keep the language they were written in.
		otherLanguage: !needs.other
			? null
			: needs.other === before.other
				? before.otherLanguage
				: language,
		updatedAt: now,
		updatedByUserId: actor.userId
	};
	await transaction(async (tx) => {
		await tx
			.insert(communicationNeeds)
			.values({ patientId: subject.patientId, ...values })
			.onConflictDoUpdate({ target: communicationNeeds.patientId, set: values });
		await tx
			.update(patients)
			.set({ reachBy: needs.reachBy })
			.where(eq(patients.id, subject.patientId));
		await recordActivity(tx, context, 'communication_needs.changed');
	});
	return 'saved';
}

/**
 * What a booking's needs step starts with: the recorded needs it can carry. The interpreter's
 * language is written in itself (the person reads it on the form; staff see the recorded need,
 * in English, beside it); British Sign Language as the page's language calls it.
 */
export function bookingNeedsFrom(needs: CommunicationNeeds, bslName: string): AppointmentNeeds {
	const language = spokenLanguage(needs.interpreterLanguage)?.own;
	const interpreter = language ?? (needs.needs.includes('bsl') ? bslName : null);
	return {
		...(interpreter ? { interpreterLanguage: interpreter } : {}),
		...(needs.needs.includes('step_free_access') ? { stepFreeAccess: true } : {}),
		...(needs.needs.includes('longer_appointments') ? { longerAppointment: true } : {}),
		...(needs.needs.includes('someone_with_me') ? { someoneWithMe: true } : {})
	};
}
