// PostgreSQL twin of ../../schema/requests.ts, table for table (../schema.spec.ts).
// Requests for face-to-face contact: what the person asked for, and what happened to it (a
// timeline of events holding staff's and the person's messages too).
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { vias } from './activity';
import { appointments } from './appointments';
import { locations, services } from './organisations';
import { patients, reachMethods } from './patients';
import {
	closeReasons,
	requestPlaces,
	requestStatuses,
	requestTopics,
	type DayPart,
	type StatedIdentity
} from '../../../../contact-requests';
import { timestampMs, jsonText, epochMsNow } from '../types';
import { type RequestNeeds, requestEventKinds, type RequestEventKind } from '../../schema/requests';

// The names other code imports are the SQLite schema's own, so both say the same.
export { type RequestNeeds, requestEventKinds, type RequestEventKind };

export { closeReasons, requestPlaces, requestStatuses, requestTopics };

export type {
	CloseReason,
	RequestPlace,
	RequestStatus,
	RequestTopic,
	StatedIdentity
} from '../../../../contact-requests';

export const contactRequests = pgTable(
	'contact_requests',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** Short, easy to read aloud, from the same alphabet as appointment references. */
		reference: text('reference').notNull().unique(),
		/**
		 * Whose care; null while a request made by an account not yet linked to a record waits
		 * for staff to match it to one, from the details the person gave (`statedIdentity`).
		 */
		patientId: integer('patient_id').references(() => patients.id),
		/** Who the person said they are, when they asked before their account reached a record. */
		statedIdentity: jsonText('stated_identity').$type<StatedIdentity>(),
		serviceId: integer('service_id')
			.notNull()
			.references(() => services.id),
		topic: text('topic', { enum: requestTopics }).notNull(),
		/** In the person's own words, and the language they wrote them in. */
		details: text('details').notNull(),
		detailsLanguage: text('details_language').notNull(),
		place: text('place', { enum: requestPlaces }).notNull(),
		/** For a home visit: why travelling is hard, in their words. */
		travelReason: text('travel_reason'),
		hubLocationId: integer('hub_location_id').references(() => locations.id),
		/** ISO weekdays that suit, 1 (Monday) to 5 (Friday). */
		days: jsonText('days').$type<number[]>().notNull(),
		dayParts: jsonText('day_parts').$type<DayPart[]>().notNull(),
		reachBy: text('reach_by', { enum: reachMethods }).notNull(),
		needs: jsonText('needs').$type<RequestNeeds>().notNull(),
		status: text('status', { enum: requestStatuses }).notNull().default('received'),
		assignedToUserId: integer('assigned_to_user_id').references(() => users.id),
		appointmentId: integer('appointment_id').references(() => appointments.id),
		closeReason: text('close_reason', { enum: closeReasons }),
		madeByUserId: integer('made_by_user_id')
			.notNull()
			.references(() => users.id),
		madeVia: text('made_via', { enum: vias }).notNull(),
		/** Asked for by replying to a text about this appointment ("4 for us to call you"). */
		askedByTextAbout: integer('asked_by_text_about').references(() => appointments.id),
		/** The one-time token of the check-your-answers form: pressing Send twice sends once. */
		sendToken: text('send_token').unique(),
		createdAt: timestampMs('created_at').notNull().default(epochMsNow),
		/** When the service aims to have answered, from its response target in working days. */
		dueBy: timestampMs('due_by').notNull()
	},
	(table) => [
		index('contact_requests_queue').on(table.serviceId, table.status, table.createdAt),
		index('contact_requests_patient').on(table.patientId, table.createdAt)
	]
);

export const requestEvents = pgTable(
	'request_events',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		requestId: integer('request_id')
			.notNull()
			.references(() => contactRequests.id),
		kind: text('kind', { enum: requestEventKinds }).notNull(),
		at: timestampMs('at').notNull().default(epochMsNow),
		actorUserId: integer('actor_user_id').references(() => users.id),
		via: text('via', { enum: vias }).notNull(),
		/** A message, or a note on closing, and the language it was written in. */
		body: text('body'),
		bodyLanguage: text('body_language')
	},
	(table) => [index('request_events_request').on(table.requestId, table.at)]
);
