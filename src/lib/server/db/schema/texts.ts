// Text messages as a way to answer: the questions our texts ask ("Reply 1 to keep it…"), the
// texts people send back, and the numbers that asked us to stop texting them. See texts/.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { appointments } from './appointments';
import { patients } from './patients';

/**
 * appointment: keep, cancel, another time or a call, about one appointment (a confirmation or a
 * reminder); times: which of the free times offered, or a call instead.
 */
export const textQuestionKinds = ['appointment', 'times'] as const;
export type TextQuestionKind = (typeof textQuestionKinds)[number];

export const textQuestions = sqliteTable(
	'text_questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: textQuestionKinds }).notNull(),
		/** The number asked, E.164, as the account that receives the texts holds it. */
		phone: text('phone').notNull(),
		/** The account whose number it is: the patient's own, or their carer's. */
		askedUserId: integer('asked_user_id')
			.notNull()
			.references(() => users.id),
		patientId: integer('patient_id')
			.notNull()
			.references(() => patients.id),
		appointmentId: integer('appointment_id')
			.notNull()
			.references(() => appointments.id),
		/** For `times`: the slots offered, in the order numbered in the text (1, 2, 3). */
		offeredSlotIds: text('offered_slot_ids', { mode: 'json' }).$type<number[]>(),
		language: text('language').notNull(),
		askedAt: integer('asked_at', { mode: 'timestamp_ms' }).notNull(),
		/** A reply after this gets the help text and changes nothing. */
		openUntil: integer('open_until', { mode: 'timestamp_ms' }).notNull(),
		/** Answered for good (cancelled, moved), or overtaken by a newer question: no longer open. */
		closedAt: integer('closed_at', { mode: 'timestamp_ms' })
	},
	(table) => [
		index('text_questions_open').on(table.phone, table.askedAt),
		index('text_questions_appointment').on(table.appointmentId)
	]
);

/** What a received text did. */
export const textOutcomes = [
	'kept',
	'cancelled',
	'too_late',
	'times_offered',
	'moved',
	'time_gone',
	'call_asked',
	'not_permitted',
	'help',
	'not_understood',
	'no_question',
	'stopped',
	'started'
] as const;
export type TextOutcome = (typeof textOutcomes)[number];

export const receivedTexts = sqliteTable(
	'received_texts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** GOV.UK Notify's id: a text is processed once, however often and whichever way it came. */
		notifyId: text('notify_id').notNull().unique(),
		/** The sender, E.164 when it is a UK mobile number; as Notify gave it otherwise. */
		phone: text('phone').notNull(),
		receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
		processedAt: integer('processed_at', { mode: 'timestamp_ms' }).notNull(),
		/** The question it answered, when there was one open. */
		questionId: integer('question_id').references(() => textQuestions.id),
		outcome: text('outcome', { enum: textOutcomes }).notNull(),
		/**
		 * What they wrote, kept only while the question it answers is open, for staff to read on
		 * the appointment; then cleared (texts/conversation.ts). Never kept for a text that
		 * answered no question, and never logged.
		 */
		body: text('body')
	},
	(table) => [index('received_texts_question').on(table.questionId)]
);

/** A number that replied STOP: nothing more goes to it by text until it replies START. */
export const textOptOuts = sqliteTable('text_opt_outs', {
	phone: text('phone').primaryKey(),
	at: integer('at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

/** Where polling Notify for received texts stopped: the newest text already seen. */
export const textPolling = sqliteTable('text_polling', {
	id: integer('id').primaryKey(),
	newestNotifyId: text('newest_notify_id')
});
