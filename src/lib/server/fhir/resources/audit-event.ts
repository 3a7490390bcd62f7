// A line of a person's activity log as a UK Core AuditEvent: what was done (the log's action, as
// Joined Up's own code with its English words), when, by whom and how (themself, someone acting
// for them, a link worker with their consent, staff of an organisation, or Joined Up itself; on
// the web, by a text message or by another organisation's system), and whose care it concerns.
// AuditEvent rather than Provenance: the log records events, not the origin of a resource, and
// holds events (an account linked, a copy downloaded) that changed no resource.
import { translatorFor } from '$lib/i18n';
import type { ActivityEntry } from '../../audit';
import { ukCoreProfiles } from '../profiles';
import { joinedUpCodeSystems } from './codes';

// Joined Up's own code systems, beside codes.ts's others (which does not name them yet): the
// log's actions, how an actor came to act, and where.
const joinedUp = joinedUpCodeSystems.messageKind.replace(/message-kind$/, '');
export const activityActionSystem = `${joinedUp}activity-action`;
export const activityViaSystem = `${joinedUp}activity-via`;
export const activityChannelSystem = `${joinedUp}activity-channel`;

const dicom = 'http://dicom.nema.org/resources/ontology/DCM';
const securitySource = 'http://terminology.hl7.org/CodeSystem/security-source-type';

/** What a log action did, in AuditEvent's C(reate)/R(ead)/U(pdate) terms. */
function crudOf(action: string): 'C' | 'R' | 'U' {
	if (action === 'data.downloaded') return 'R';
	return /\.(booked|created|made|invited|registered|recorded|question_asked)$/.test(action)
		? 'C'
		: 'U';
}

/** Who did it, as a reference where Joined Up serves the resource, else as a name. */
function agentWho(entry: ActivityEntry, patientId: number) {
	if (entry.actorUserId === null) return { display: 'Joined Up' };
	if (entry.via === 'staff' && entry.actorOrganisationId !== null) {
		return {
			reference: `Organization/${entry.actorOrganisationId}`,
			// A system of that organisation, calling the FHIR interface, by its registered name.
			display: entry.system ?? entry.organisation ?? undefined
		};
	}
	if (entry.via === 'self')
		return { reference: `Patient/${patientId}`, display: entry.name ?? undefined };
	return { display: entry.name ?? 'Someone' };
}

const english = translatorFor('en');

/** One activity log entry of the patient's, as a UK Core AuditEvent. */
export function auditEventOf(entry: ActivityEntry, patientId: number) {
	const reference = typeof entry.detail?.reference === 'string' ? entry.detail.reference : '';
	const details = Object.entries(entry.detail ?? {}).filter(([, value]) => value !== null);
	return {
		resourceType: 'AuditEvent' as const,
		id: String(entry.id),
		meta: { profile: [ukCoreProfiles.AuditEvent] },
		type:
			entry.action === 'data.downloaded'
				? { system: dicom, code: '110106', display: 'Export' }
				: { system: dicom, code: '110110', display: 'Patient Record' },
		subtype: [
			{
				system: activityActionSystem,
				code: entry.action,
				display: english(`activity.actions.${entry.action}`, { reference })
			}
		],
		action: crudOf(entry.action),
		recorded: entry.at.toISOString(),
		outcome: '0' as const,
		agent: [
			{
				type: { coding: [{ system: activityViaSystem, code: entry.via }] },
				who: agentWho(entry, patientId),
				requestor: true
			}
		],
		source: {
			observer: { display: 'Joined Up' },
			type: [
				...(entry.channel === 'web'
					? [{ system: securitySource, code: '3', display: 'Web Server' }]
					: []),
				{ system: activityChannelSystem, code: entry.channel }
			]
		},
		entity: [
			{
				what: { reference: `Patient/${patientId}` },
				type: { system: 'http://hl7.org/fhir/resource-types', code: 'Patient', display: 'Patient' },
				...(details.length > 0
					? {
							detail: details.map(([type, value]) => ({ type, valueString: String(value) }))
						}
					: {})
			}
		]
	};
}
