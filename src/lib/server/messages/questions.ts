// The questions our texts ask ("Reply 1 to keep it, 2 to cancel…"), recorded in the transaction
// that queues the text, so that a reply can be matched to what it answers and for whom. What a
// reply does is texts/conversation.ts's; this file only keeps the questions.
import { and, eq, isNull } from 'drizzle-orm';
import type { LanguageCode } from '$lib/i18n/languages';
import { tables, type Executor } from '../db';
import type { TextQuestionKind } from '../db/schema';

const { textQuestions, users } = tables;

/** How long an appointment's question stays open at most: a week, and never past the time. */
const appointmentQuestionMilliseconds = 7 * 24 * 60 * 60_000;
/** Free times offered are answered the same day, or offered again. */
const timesQuestionMilliseconds = 24 * 60 * 60_000;

/**
 * Records that a text to `phone` asks about the patient's appointment: the account whose number
 * it is must be the one we texted (the patient's, or their carer's). False when no account holds
 * the number: then nothing is asked, and the text offers no replies.
 */
export async function askByText(
	db: Executor,
	question: {
		kind: TextQuestionKind;
		phone: string;
		patientId: number;
		appointment: { id: number; startsAt: Date };
		language: LanguageCode;
		offeredSlotIds?: number[];
		now: Date;
	}
): Promise<boolean> {
	const asked = (
		await db.select({ id: users.id }).from(users).where(eq(users.mobile, question.phone))
	)[0];
	if (!asked) return false;
	const { now } = question;
	const longest =
		question.kind === 'times' ? timesQuestionMilliseconds : appointmentQuestionMilliseconds;
	const openUntil = new Date(
		Math.min(now.getTime() + longest, question.appointment.startsAt.getTime())
	);
	await db.insert(textQuestions).values({
		kind: question.kind,
		phone: question.phone,
		askedUserId: asked.id,
		patientId: question.patientId,
		appointmentId: question.appointment.id,
		offeredSlotIds: question.offeredSlotIds ?? null,
		language: question.language,
		askedAt: now,
		openUntil
	});
	return true;
}

/** Closes every question still open about an appointment: it was cancelled, or moved. */
export async function closeQuestionsAbout(
	db: Executor,
	appointmentId: number,
	now: Date
): Promise<void> {
	await db
		.update(textQuestions)
		.set({ closedAt: now })
		.where(and(eq(textQuestions.appointmentId, appointmentId), isNull(textQuestions.closedAt)));
}
