// A patient's communication needs, recorded once (by them, someone allowed to act for them, or a
// link worker helping them) and shown to staff wherever they meet the patient. Who may change
// them is decided in access.ts.
import { eq } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { spokenLanguage } from '$lib/i18n/spoken-languages';
import { may, type ActingContext } from './access';
import { recordActivity } from './audit';
import { database, tables } from './db';
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
export function communicationNeedsOf(patientId: number): CommunicationNeeds {
	const row = database()
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
		.get();
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
export function ownCommunicationNeeds(context: ActingContext): CommunicationNeeds | null {
	if (!context.subject || !may(context, 'communication_needs.manage')) return null;
	return communicationNeedsOf(context.subject.patientId);
}

export function saveCommunicationNeeds(
	context: ActingContext,
	needs: CommunicationNeeds,
	language: LanguageCode,
	now = new Date()
): boolean {
	const { actor, subject } = context;
	if (!actor || !subject || !may(context, 'communication_needs.manage')) return false;
	const values = {
		interpreterLanguage: spokenLanguage(needs.interpreterLanguage)
			? needs.interpreterLanguage
			: null,
		needs: needs.needs,
		other: needs.other,
		otherLanguage: needs.other ? language : null,
		updatedAt: now,
		updatedByUserId: actor.userId
	};
	database().transaction((tx) => {
		tx.insert(communicationNeeds)
			.values({ patientId: subject.patientId, ...values })
			.onConflictDoUpdate({ target: communicationNeeds.patientId, set: values })
			.run();
		tx.update(patients)
			.set({ reachBy: needs.reachBy })
			.where(eq(patients.id, subject.patientId))
			.run();
		recordActivity(tx, context, 'communication_needs.changed');
	});
	return true;
}

/**
 * What a booking's needs step starts with: the recorded needs it can carry (the interpreter's
 * language in English, for the staff who book one).
 */
export function bookingNeedsFrom(needs: CommunicationNeeds): AppointmentNeeds {
	const language = spokenLanguage(needs.interpreterLanguage)?.english;
	const interpreter = language ?? (needs.needs.includes('bsl') ? 'British Sign Language' : null);
	return {
		...(interpreter ? { interpreterLanguage: interpreter } : {}),
		...(needs.needs.includes('step_free_access') ? { stepFreeAccess: true } : {}),
		...(needs.needs.includes('longer_appointments') ? { longerAppointment: true } : {}),
		...(needs.needs.includes('someone_with_me') ? { someoneWithMe: true } : {})
	};
}
