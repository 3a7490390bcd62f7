// What was said about a request to be seen, both ways (a message from the service, a reply, a note
// on closing), as a UK Core Communication based on the request's ServiceRequest. Only a person's
// copy of their data holds these: the interface's Communications are the outbox's messages.
import type { RequestDetail } from '../../requests/timeline';
import { ukCoreProfiles } from '../profiles';
import { fhirString, instant, reference } from './codes';

const said = {
	message_from_staff: 'Message from the service',
	message_from_patient: 'Message to the service',
	closed: 'Note on closing the request'
} as const;

/** The request's events that say something, each as a Communication. */
export function requestMessageResources(detail: RequestDetail & { patientId: number }) {
	const patient = reference('Patient', detail.patientId);
	const service = reference('Organization', detail.organisationId, detail.organisation);
	return detail.events
		.filter((event) => event.body !== null)
		.map((event) => {
			const fromStaff = event.via === 'staff';
			const from = fromStaff
				? service
				: event.via === 'self'
					? patient
					: { display: event.actorName ?? 'Someone acting for the patient' };
			return {
				resourceType: 'Communication' as const,
				id: `request-${detail.request.id}-${event.id}`,
				meta: { profile: [ukCoreProfiles.Communication] },
				...(event.bodyLanguage ? { language: event.bodyLanguage } : {}),
				basedOn: [reference('ServiceRequest', detail.request.id)],
				status: 'completed',
				category: [
					{ text: event.kind in said ? said[event.kind as keyof typeof said] : event.kind }
				],
				subject: patient,
				sent: instant(event.at),
				sender: from,
				recipient: [fromStaff ? patient : service],
				...(fhirString(event.body) ? { payload: [{ contentString: fhirString(event.body)! }] } : {})
			};
		});
}
