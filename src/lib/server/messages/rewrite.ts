// What a message about a patient tells, kept with the message so that it can be written again
// for whoever hears it next when it cannot be delivered (delivery.ts): a carer gets the carer's
// greeting, an email its subject, a letter its heading. It is the view its template was given,
// less whom it greets, kept with devalue (which keeps Dates as Dates). Rebuilding it from the
// appointment or request instead would tell what is true now rather than what the message said,
// and would lose what staff wrote, which is kept nowhere else as one message.
import { parse, stringify } from 'devalue';
import { translatorFor } from '$lib/i18n';
import type { LanguageCode } from '$lib/i18n/languages';
import type { ProxyKind, SensitivityLabel } from '../db/schema';
import type { Limits } from './recipients';
import {
	appointmentMessage,
	assistedSummaryMessage,
	relationshipRecordedMessage,
	requestMessage,
	type AppointmentDetails,
	type AppointmentMessageKind,
	type Greeted,
	type RequestDetails,
	type RequestMessageKind,
	type Written
} from './templates';

/** What a message about a patient tells, by its kind: its template's view, less `to`. */
export type Tellable =
	| { kind: AppointmentMessageKind; appointment: AppointmentDetails }
	| {
			kind: RequestMessageKind;
			request: RequestDetails;
			/** The service's sensitivity label: a carer hears of it only when allowed. */
			label: SensitivityLabel;
			said: string | null;
			appointment: Parameters<typeof requestMessage>[0]['appointment'];
	  }
	| { kind: 'proxy.recorded'; proxyKind: ProxyKind }
	| {
			kind: 'assist.summary';
			startedAt: Date;
			endedAt: Date;
			done: { action: string; reference: string | null }[];
	  };

/**
 * The ways a message may go, by what it tells: a reminder cannot wait for the post; who may act
 * for the patient is told to the patient alone; a carer hears of a service only when allowed.
 */
export function limitsFor(about: Tellable): Limits {
	switch (about.kind) {
		case 'proxy.recorded':
			return { letter: true, carer: false };
		case 'assist.summary':
			return { letter: true, carer: true };
		case 'request.received':
		case 'request.in_review':
		case 'request.message':
		case 'request.arranged':
		case 'request.closed':
			return { letter: true, carer: true, about: { label: about.label } };
		default:
			return {
				letter: about.kind !== 'appointment.reminder',
				carer: true,
				about: about.appointment
			};
	}
}

/**
 * The words of what a message tells, for whom it greets, in their language; a text about an
 * appointment ends with the replies it offers when `replies` (outbox.ts decides).
 */
export function writeFor(
	about: Tellable,
	to: Greeted & { language: LanguageCode },
	options: { replies?: boolean } = {}
): Written {
	const greeted = { viaCarer: to.viaCarer, person: to.person };
	const t = translatorFor(to.language);
	switch (about.kind) {
		case 'proxy.recorded':
			return relationshipRecordedMessage({ to: greeted, kind: about.proxyKind }, t);
		case 'assist.summary':
			return assistedSummaryMessage({ ...about, to: greeted }, t, to.language);
		case 'request.received':
		case 'request.in_review':
		case 'request.message':
		case 'request.arranged':
		case 'request.closed':
			return requestMessage({ ...about, to: greeted }, t, to.language);
		default:
			return appointmentMessage(
				{ ...about, to: greeted, replies: options.replies },
				t,
				to.language
			);
	}
}

/** As kept in the outbox's `about` column. */
export const keptToTellAgain = (about: Tellable): string => stringify(about);

/** Read back from the outbox's `about` column. */
export const toTellAgain = (kept: string): Tellable => parse(kept) as Tellable;
