// The app's server code the end-to-end factories call (factories.ts loads this file through
// Vite, as the app's own build reads it). Every import of src/lib/server by the suite is here.
export type { ActingContext } from '../src/lib/server/access/policy';
export { recordActivity } from '../src/lib/server/audit';
export { bookSlot } from '../src/lib/server/appointments/booking';
export { hashPassword } from '../src/lib/server/auth/password';
export { createSession, sessionCookieName } from '../src/lib/server/auth/session';
export { database, tables, transaction } from '../src/lib/server/db';
export type {
	AppointmentMode,
	AppointmentNeeds,
	AppointmentStatus,
	CarePlanContent,
	ProxyPermission,
	SensitivityLabel
} from '../src/lib/server/db/schema';
export { acceptInvitation, grantFor, invite } from '../src/lib/server/people/people';
export { makeRequest } from '../src/lib/server/requests/asking';
export { communityHubs } from '../src/lib/server/requests/choices';
export { askQuestion } from '../src/lib/server/care-plans/reading';
export { saveCommunicationNeeds } from '../src/lib/server/communication-needs';
export { assignRequest } from '../src/lib/server/requests/answering';
export { newReference } from '../src/lib/server/appointments/reference';
export { londonDate, londonTime } from '../src/lib/time';
export { actorFor, fhirActor, type FhirCaller } from '../src/lib/server/access/policy';
export { registerClient, revokeClient } from '../src/lib/server/fhir/clients';
export { organisationsCaringFor } from '../src/lib/server/fhir/caring';
export { capabilityStatement } from '../src/lib/server/fhir/capability';
export { myDataBundle, myDataOf } from '../src/lib/server/fhir/my-data';
export type { OutcomeIssue } from '../src/lib/server/fhir/outcome';
export { readable } from '../src/lib/server/fhir/read';
export { maxAlternatives } from '../src/lib/server/fhir/search';
export { validateAgainstProfile } from '../src/lib/server/fhir/validation';
export { countAfresh } from '../src/lib/server/insight/groups';
