// PostgreSQL twin of ../../schema/texts.ts, table for table (../schema.spec.ts).
// Text messages as a way to answer: the questions our texts ask ("Reply 1 to keep it…"), the
// texts people send back, and the numbers that asked us to stop texting them. See texts/.
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { appointments } from './appointments';
import { patients } from './patients';
import { timestampMs, jsonText, epochMsNow } from '../types';
import {
	textQuestionKinds,
	type TextQuestionKind,
	textOutcomes,
	type TextOutcome
} from '../../schema/texts';

// The names other code imports are the SQLite schema's own, so both say the same.
export { textQuestionKinds, type TextQuestionKind, textOutcomes, type TextOutcome };

export const textQuestions = pgTable(
	'text_questions',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		offeredSlotIds: jsonText('offered_slot_ids').$type<number[]>(),
		language: text('language').notNull(),
		askedAt: timestampMs('asked_at').notNull(),
		/** A reply after this gets the help text and changes nothing. */
		openUntil: timestampMs('open_until').notNull(),
		/** Answered for good (cancelled, moved), or overtaken by a newer question: no longer open. */
		closedAt: timestampMs('closed_at')
	},
	(table) => [
		index('text_questions_open').on(table.phone, table.askedAt),
		index('text_questions_appointment').on(table.appointmentId)
	]
);

export const receivedTexts = pgTable(
	'received_texts',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** GOV.UK Notify's id: a text is processed once, however often and whichever way it came. */
		notifyId: text('notify_id').notNull().unique(),
		/** The sender, E.164 when it is a UK mobile number; as Notify gave it otherwise. */
		phone: text('phone').notNull(),
		receivedAt: timestampMs('received_at').notNull(),
		processedAt: timestampMs('processed_at').notNull(),
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
export const textOptOuts = pgTable('text_opt_outs', {
	phone: text('phone').primaryKey(),
	at: timestampMs('at').notNull().default(epochMsNow)
});

/** Where polling Notify for received texts stopped: the newest text already seen. */
export const textPolling = pgTable('text_polling', {
	id: integer('id').primaryKey(),
	newestNotifyId: text('newest_notify_id')
});
