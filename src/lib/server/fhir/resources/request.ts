// A request to be seen face to face, as a ServiceRequest to the service asked.
import type { tables } from '../../db';
import type { CloseReason, RequestStatus } from '../../db/schema';
import { joinedUpSystems, ukCoreProfiles } from '../profiles';
import { fhirString, instant, joinedUpCodeSystems, reference } from './codes';

type ContactRequest = typeof tables.contactRequests.$inferSelect;

/** Waiting or being looked at: active; an appointment arranged: completed. */
const requestStatusCodes = {
	received: 'active',
	in_review: 'active',
	arranged: 'completed',
	closed: 'completed'
} as const satisfies Record<RequestStatus, string>;

/** Closed because it was no longer wanted: revoked; closed having been dealt with: completed. */
const closedStatusCodes = {
	cancelled_by_patient: 'revoked',
	no_longer_needed: 'revoked',
	handled_another_way: 'completed',
	referred_elsewhere: 'completed',
	could_not_reach: 'revoked'
} as const satisfies Record<CloseReason, string>;

const places = {
	service: 'At the service',
	home_visit: 'At home',
	community_hub: 'At a community hub',
	no_preference: 'No preference'
} as const;

/** A request matched to a record (one still waiting to be matched names no patient: not served). */
export function serviceRequestResource(request: ContactRequest & { patientId: number }) {
	return {
		resourceType: 'ServiceRequest' as const,
		id: String(request.id),
		meta: { profile: [ukCoreProfiles.ServiceRequest] },
		identifier: [{ system: joinedUpSystems.requestReference, value: request.reference }],
		status:
			request.status === 'closed' && request.closeReason
				? closedStatusCodes[request.closeReason]
				: requestStatusCodes[request.status],
		intent: 'order',
		category: [{ coding: [{ system: joinedUpCodeSystems.requestTopic, code: request.topic }] }],
		code: { text: 'Face-to-face contact' },
		subject: reference('Patient', request.patientId),
		authoredOn: instant(request.createdAt),
		occurrencePeriod: { end: instant(request.dueBy) },
		performer: [reference('HealthcareService', request.serviceId)],
		...(request.hubLocationId
			? { locationReference: [reference('Location', request.hubLocationId)] }
			: {}),
		...(request.appointmentId
			? { supportingInfo: [reference('Appointment', request.appointmentId)] }
			: {}),
		patientInstruction: places[request.place],
		...(fhirString(request.details) ? { note: [{ text: fhirString(request.details)! }] } : {})
	};
}
