// What staff see of text replies: on each appointment in their diary, the replies to the texts
// about it, what each did, and, while the question is open, what the person wrote.
import { asc, eq, inArray } from 'drizzle-orm';
import { database, tables } from '../db';

const { receivedTexts, textQuestions } = tables;

/**
 * The replies about these appointments, oldest first, by appointment. The caller passes only
 * appointments its staff member may see (their own organisation's diary).
 */
export async function repliesAbout(appointmentIds: number[]) {
	if (appointmentIds.length === 0) return {};
	const rows = await database()
		.select({
			appointmentId: textQuestions.appointmentId,
			receivedAt: receivedTexts.receivedAt,
			outcome: receivedTexts.outcome,
			body: receivedTexts.body
		})
		.from(receivedTexts)
		.innerJoin(textQuestions, eq(receivedTexts.questionId, textQuestions.id))
		.where(inArray(textQuestions.appointmentId, appointmentIds))
		.orderBy(asc(receivedTexts.receivedAt), asc(receivedTexts.id));
	const byAppointment: Record<number, Omit<(typeof rows)[number], 'appointmentId'>[]> = {};
	for (const { appointmentId, ...reply } of rows) {
		(byAppointment[appointmentId] ??= []).push(reply);
	}
	return byAppointment;
}
