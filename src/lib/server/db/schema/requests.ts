// Requests for face-to-face contact: what the person asked for, and what happened to it (a
// timeline of events holding staff's and the person's messages too).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { vias } from './activity';
import { appointments } from './appointments';
import { locations, services } from './organisations';
import { patients, reachMethods } from './patients';
import type { CommunicationNeedKind } from './communication-needs';
import {
	closeReasons,
	requestPlaces,
	requestStatuses,
	requestTopics,
	type DayPart,
	type StatedIdentity
} from '../../../contact-requests';

export { closeReasons, requestPlaces, requestStatuses, requestTopics };
export type {
	CloseReason,
	RequestPlace,
	RequestStatus,
	RequestTopic,
	StatedIdentity
} from '../../../contact-requests';

/** The communication needs recorded when the request was made, travelling with it. */
export type RequestNeeds = {
	interpreterLanguage: string | null;
	needs: CommunicationNeedKind[];
	other: string | null;
	otherLanguage: string | null;
};

export const contactRequests = sqliteTable(
	'contact_requests',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Short, easy to read aloud, from the same alphabet as appointment references. */
		reference: text('reference').notNull().unique(),
		/**
		 * Whose care; null while a request made by an account not yet linked to a record waits
		 * for staff to match it to one, from the details the person gave (`statedIdentity`).
		 */
		patientId: integer('patient_id').references(() => patients.id),
		/** Who the person said they are, when they asked before their account reached a record. */
		statedIdentity: text('stated_identity', { mode: 'json' }).$type<StatedIdentity>(),
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
		days: text('days', { mode: 'json' }).$type<number[]>().notNull(),
		dayParts: text('day_parts', { mode: 'json' }).$type<DayPart[]>().notNull(),
		reachBy: text('reach_by', { enum: reachMethods }).notNull(),
		needs: text('needs', { mode: 'json' }).$type<RequestNeeds>().notNull(),
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
		createdAt: integer('created_at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		/** When the service aims to have answered, from its response target in working days. */
		dueBy: integer('due_by', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [
		index('contact_requests_queue').on(table.serviceId, table.status, table.createdAt),
		index('contact_requests_patient').on(table.patientId, table.createdAt)
	]
);

export const requestEventKinds = [
	'received',
	'in_review',
	'message_from_staff',
	'message_from_patient',
	'arranged',
	'closed'
] as const;
export type RequestEventKind = (typeof requestEventKinds)[number];

export const requestEvents = sqliteTable(
	'request_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		requestId: integer('request_id')
			.notNull()
			.references(() => contactRequests.id),
		kind: text('kind', { enum: requestEventKinds }).notNull(),
		at: integer('at', { mode: 'timestamp_ms' })
			.notNull()
			.default(sql`(unixepoch('subsec') * 1000)`),
		actorUserId: integer('actor_user_id').references(() => users.id),
		via: text('via', { enum: vias }).notNull(),
		/** A message, or a note on closing, and the language it was written in. */
		body: text('body'),
		bodyLanguage: text('body_language')
	},
	(table) => [index('request_events_request').on(table.requestId, table.at)]
);
