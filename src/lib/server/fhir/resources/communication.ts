// A message sent to a person from the outbox, as a Communication: how it went, by what way, and
// what it was about.
import type { tables } from '../../db';
import type { MessageChannel } from '../../db/schema';
import { ukCoreProfiles } from '../profiles';
import { fhirString, instant, joinedUpCodeSystems, reference } from './codes';

type OutboxRow = typeof tables.outbox.$inferSelect;

/**
 * The way it went, in HL7's participation modes: email and mail have codes of their own; a text
 * message is electronic, named in words.
 */
const media = {
	email: { code: 'EMAILWRIT', display: 'email', text: 'Email' },
	sms: { code: 'ELECTRONIC', display: 'electronic data', text: 'Text message (SMS)' },
	letter: { code: 'MAILWRIT', display: 'mail', text: 'Letter' }
} as const satisfies Record<MessageChannel, { code: string; display: string; text: string }>;

/**
 * Waiting to go: preparation; handed to GOV.UK Notify: completed, unless Notify said it did not
 * arrive (not-done, with Notify's reason); failed for good: not-done; no longer true before it
 * went: stopped.
 */
function status(message: OutboxRow): { status: string; statusReason?: { text: string } } {
	switch (message.status) {
		case 'queued':
			return { status: 'preparation' };
		case 'withdrawn':
			return { status: 'stopped' };
		case 'failed':
			return { status: 'not-done', statusReason: { text: 'Not sent' } };
		case 'sent':
			return message.deliveryStatus && message.deliveryStatus !== 'delivered'
				? { status: 'not-done', statusReason: { text: message.deliveryStatus } }
				: { status: 'completed' };
	}
}

/** A message about a patient's care (the outbox's rows with a patient). */
export function communicationResource(message: OutboxRow & { patientId: number }) {
	return {
		resourceType: 'Communication' as const,
		id: String(message.id),
		meta: { profile: [ukCoreProfiles.Communication] },
		...status(message),
		category: [{ coding: [{ system: joinedUpCodeSystems.messageKind, code: message.kind }] }],
		medium: [
			{
				coding: [
					{
						system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
						code: media[message.channel].code,
						display: media[message.channel].display
					}
				],
				text: media[message.channel].text
			}
		],
		subject: reference('Patient', message.patientId),
		...(message.appointmentId ? { about: [reference('Appointment', message.appointmentId)] } : {}),
		...(message.sentAt ? { sent: instant(message.sentAt) } : {}),
		...(message.deliveryStatus === 'delivered' && message.deliveryStatusAt
			? { received: instant(message.deliveryStatusAt) }
			: {}),
		payload: [fhirString(message.subject), fhirString(message.body)]
			.filter((words) => words !== undefined)
			.map((words) => ({ contentString: words }))
	};
}
