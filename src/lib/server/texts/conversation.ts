// Replies to our texts. A reply is matched to the latest open question sent to that number (what
// it asked, about whose appointment); digits and the person's own words are read by reply.ts; and
// the change is made through the same domain rules as on the web, in the name of the account we
// texted (the patient, or their carer within what they may do), logged as done by text message.
// Anything else gets one short help text, and changes nothing.
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import { defaultLanguage, isLanguageCode, type LanguageCode } from '$lib/i18n/languages';
import { actorFor, type ActingContext } from '../access/policy';
import { bookingWindowDays, freeSlots } from '../appointments/availability';
import { cancelAppointment, rescheduleAppointment } from '../appointments/booking';
import { appointmentToTell, isPastCutOff, manageableAppointmentOf } from '../appointments/queries';
import { recordActivity } from '../audit';
import { changedRows, database, tables, transaction } from '../db';
import type { TextOutcome } from '../db/schema';
import { parseIdentifier } from '../identifier';
import { takeTry } from '../limits';
import { askByText } from '../messages/questions';
import { queueTextReply } from '../messages/outbox';
import type { TextReply } from '../messages/templates';
import { subjectOf } from '../patients';
import { grantFor } from '../people/people';
import { askForCallByText } from '../requests/asking';
import { readReply } from './reply';

const { appointments, receivedTexts, textOptOuts, textQuestions, users } = tables;

/** A text someone sent us, as Notify passes it on. */
export type ReceivedText = { notifyId: string; from: string; body: string; receivedAt: Date };

/** How many free times a "3" offers. */
const timesOffered = 3;

type Question = typeof textQuestions.$inferSelect;
type Appointment = NonNullable<Awaited<ReturnType<typeof appointmentToTell>>>;

/** The question a reply from this number answers: the latest still open. */
async function openQuestion(phone: string, now: Date): Promise<Question | undefined> {
	return (
		await database()
			.select()
			.from(textQuestions)
			.where(
				and(
					eq(textQuestions.phone, phone),
					isNull(textQuestions.closedAt),
					gt(textQuestions.openUntil, now)
				)
			)
			.orderBy(desc(textQuestions.askedAt), desc(textQuestions.id))
	)[0];
}

/**
 * Who is acting, and for whom: the account we texted, for the patient the question is about;
 * by text. Null when that account no longer holds the number, or no longer acts for them.
 */
async function contextOf(question: Question, now: Date): Promise<ActingContext | null> {
	const user = (await database().select().from(users).where(eq(users.id, question.askedUserId)))[0];
	if (!user || user.mobile !== question.phone) return null;
	const actor = actorFor(user);
	const subject = await subjectOf(question.patientId);
	if (!subject) return null;
	if (user.patientId === question.patientId) {
		return { actor, subject, via: 'self', channel: 'text' };
	}
	const grant = await grantFor(actor, question.patientId, now);
	return grant ? { actor, subject, via: 'proxy', grant, channel: 'text' } : null;
}

/** The language to answer in: the question's, else the account's holding the number. */
async function languageFor(
	phone: string | null,
	question: Question | undefined
): Promise<LanguageCode> {
	if (question && isLanguageCode(question.language)) return question.language;
	const account = phone
		? (
				await database()
					.select({ language: users.language })
					.from(users)
					.where(eq(users.mobile, phone))
			)[0]
		: undefined;
	return isLanguageCode(account?.language) ? account.language : defaultLanguage;
}

/** Up to three free times of the same service, way and place, after the one they have. */
async function otherTimes(appointment: Appointment, now: Date) {
	return (
		await freeSlots({
			serviceId: appointment.serviceId,
			mode: appointment.mode,
			locationId: appointment.locationId,
			from: now,
			to: new Date(now.getTime() + bookingWindowDays * 24 * 60 * 60_000)
		})
	)
		.filter((slot) => slot.startsAt.getTime() !== appointment.startsAt.getTime())
		.slice(0, timesOffered);
}

/** What a text says, as a database keeps text: PostgreSQL refuses the NUL character. */
const storable = (words: string) => words.replaceAll('\u0000', '');

/** Whom an answer greets: the patient, or, to their carer, the patient named. */
function greeted(context: ActingContext) {
	const { givenName, familyName } = context.subject!;
	return { viaCarer: context.via === 'proxy', person: { givenName, familyName } };
}

/**
 * Processes one received text, once: a text whose Notify id was seen before changes nothing.
 *
 * The same text can arrive twice at once: Notify tries its callback again, and with several
 * instances a callback and a poll (or two) may both bring it. So the whole of it, from looking
 * for its Notify id to recording it, is one immediate transaction: on PostgreSQL the second waits
 * for the first to commit and then finds its id (the write lock, db/index.ts); on SQLite the
 * second transaction waits for the first. Every await in it is a query (the answer, the
 * appointment's change and the request asked for are all queued in the database, never sent
 * from here), which SQLite's transactions require. Taking the id first (inserting the row before
 * acting) would need an outcome for a text not yet acted on, and a text whose processing then
 * failed would stay taken and never be acted on when Notify sent it again; here a failure rolls
 * back the whole of it, the id included.
 */
export async function receiveText(
	text: ReceivedText,
	now = new Date(),
	/** False once the number has had its allowance of answers: it is acted on, not answered. */
	answering = true
): Promise<TextOutcome | 'duplicate'> {
	return await transaction(async () => await receiveOnce(text, now, answering), {
		behavior: 'immediate'
	});
}

async function receiveOnce(
	text: ReceivedText,
	now: Date,
	answering: boolean
): Promise<TextOutcome | 'duplicate'> {
	const db = database();
	const seen = (
		await db
			.select({ id: receivedTexts.id })
			.from(receivedTexts)
			.where(eq(receivedTexts.notifyId, text.notifyId))
	)[0];
	if (seen) return 'duplicate';

	const sender = parseIdentifier(text.from);
	const phone = sender?.kind === 'mobile' ? sender.value : null;
	const question = phone ? await openQuestion(phone, now) : undefined;
	const language = await languageFor(phone, question);
	const reading = readReply(text.body, language);
	// Every answer goes to the number that wrote: only a UK mobile number can be answered.
	const answer = async (
		reply: TextReply,
		appointmentId?: number,
		patientId: number | null = null
	) => {
		if (phone && answering) {
			await transaction(
				async (tx) =>
					await queueTextReply(tx, { phone, language, patientId, appointmentId }, reply, now)
			);
		}
	};

	const outcome = await (async (): Promise<TextOutcome> => {
		if (reading.kind === 'stop' || reading.kind === 'start') {
			if (!phone) return reading.kind === 'stop' ? 'stopped' : 'started';
			if (reading.kind === 'stop') {
				await db.insert(textOptOuts).values({ phone, at: now }).onConflictDoNothing();
				await answer({ kind: 'text.stopped', phone: null });
				return 'stopped';
			}
			await db.delete(textOptOuts).where(eq(textOptOuts.phone, phone));
			await answer({ kind: 'text.started' });
			return 'started';
		}
		const context = question && (await contextOf(question, now));
		const appointment = question && (await appointmentToTell(question.appointmentId));
		if (!question || !context || !appointment) {
			await answer({
				kind: 'text.help',
				to: null,
				understood: reading.kind === 'help',
				phone: null,
				about: null
			});
			return reading.kind === 'help' ? 'help' : 'no_question';
		}
		return await answerQuestion(
			question,
			context,
			appointment,
			reading,
			now,
			async (reply) => await answer(reply, appointment.id, question.patientId)
		);
	})();

	await db.insert(receivedTexts).values({
		notifyId: text.notifyId,
		phone: phone ?? storable(text.from).slice(0, 32),
		receivedAt: text.receivedAt,
		processedAt: now,
		questionId: question?.id ?? null,
		outcome,
		// Kept only while its question is open, for staff to read (see `forgetAnsweredTexts`).
		body: question ? storable(text.body).slice(0, 1000) : null
	});
	return outcome;
}

/** What a reply does to the appointment its question is about. */
async function answerQuestion(
	question: Question,
	context: ActingContext,
	appointment: Appointment,
	reading: Awaited<ReturnType<typeof readReply>>,
	now: Date,
	answer: (reply: TextReply) => Promise<void>
): Promise<TextOutcome> {
	const to = greeted(context);
	const help = async (understood: boolean): Promise<TextOutcome> => {
		await answer({
			kind: 'text.help',
			to,
			understood,
			phone: appointment.servicePhone,
			about: appointment
		});
		return understood ? 'help' : 'not_understood';
	};
	const number = reading.kind === 'number' ? reading.value : null;
	const onAppointment = question.kind === 'appointment';
	const keep = reading.kind === 'keep' || (onAppointment && number === 1);
	const cancel = reading.kind === 'cancel' || (onAppointment && number === 2);
	const otherTime = onAppointment && number === 3;
	const call = (onAppointment && number === 4) || (!onAppointment && number === 0);
	const chosen =
		!onAppointment && number !== null && number >= 1
			? question.offeredSlotIds?.[number - 1]
			: undefined;

	if (reading.kind === 'help') return await help(true);
	if (keep) {
		if (
			!(await manageableAppointmentOf(context, appointment.id)) ||
			appointment.status !== 'booked'
		) {
			return await refused('not-permitted');
		}
		await transaction(async (tx) => {
			await tx
				.update(appointments)
				.set({ confirmedAt: now })
				.where(eq(appointments.id, appointment.id));
			await recordActivity(tx, context, 'appointment.confirmed', {
				reference: appointment.reference
			});
		});
		await answer({ kind: 'text.kept', to, appointment });
		return 'kept';
	}
	if (cancel) {
		const cancelled = await cancelAppointment(context, appointment.id, null, now);
		if (cancelled.ok) return 'cancelled';
		return await refused(cancelled.reason);
	}
	if (otherTime) {
		if (
			!(await manageableAppointmentOf(context, appointment.id)) ||
			appointment.status !== 'booked'
		) {
			return await refused('not-permitted');
		}
		if (isPastCutOff(appointment, now)) return await refused('too-late');
		return await offerTimes();
	}
	if (chosen !== undefined) {
		const moved = await rescheduleAppointment(context, appointment.id, chosen, now);
		if (moved.ok) return 'moved';
		if (['slot-taken', 'slot-unavailable', 'in-the-past'].includes(moved.reason)) {
			await offerTimes();
			return 'time_gone';
		}
		return await refused(moved.reason);
	}
	if (call) {
		const asked = await askForCallByText(context, appointment, question.language, now);
		// The request's own "we have your request" message answers them.
		return asked.ok ? 'call_asked' : await refused(asked.reason);
	}
	return await help(false);

	async function offerTimes(): Promise<TextOutcome> {
		const times = await otherTimes(appointment, now);
		await transaction(async (tx) => {
			if (times.length > 0) {
				await askByText(tx, {
					kind: 'times',
					phone: question.phone,
					patientId: question.patientId,
					appointment,
					language: isLanguageCode(question.language) ? question.language : defaultLanguage,
					offeredSlotIds: times.map((slot) => slot.id),
					now
				});
			}
		});
		await answer({
			kind: 'text.times',
			to,
			appointment,
			times: times.map((slot) => slot.startsAt)
		});
		return 'times_offered';
	}

	async function refused(reason: string): Promise<TextOutcome> {
		if (reason === 'too-late') {
			await answer({ kind: 'text.too_late', to, appointment, phone: appointment.servicePhone });
			return 'too_late';
		}
		// Not theirs to change (a carer who may only see appointments), or no longer booked.
		await help(true);
		return 'not_permitted';
	}
}

/**
 * Forgets what people wrote once the question it answered is closed or has run out: the reply
 * was kept only for staff to read while it mattered. Returns how many were forgotten.
 */
export async function forgetAnsweredTexts(now = new Date()): Promise<number> {
	const db = database();
	const done = db
		.select({ id: textQuestions.id })
		.from(textQuestions)
		.where(or(isNotNull(textQuestions.closedAt), lte(textQuestions.openUntil, now)));
	return changedRows(
		await db
			.update(receivedTexts)
			.set({ body: null })
			.where(and(isNotNull(receivedTexts.body), inArray(receivedTexts.questionId, done)))
	);
}

/**
 * Receives a text as it comes from Notify, counting the answer it may get against the number's
 * allowance first (limits.ts, `textAnswers`): an automatic reply on the other side cannot keep
 * a conversation going for ever.
 */
export async function receiveTextFromNotify(
	text: ReceivedText,
	now = new Date()
): Promise<TextOutcome | 'duplicate'> {
	const heldBack = await takeTry('textAnswers', text.from.replace(/\D/g, '').slice(-10));
	return await receiveText(text, now, heldBack === null);
}
