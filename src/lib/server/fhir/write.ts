// What the FHIR interface's writes do, by resource type: the routes dispatch here after checking
// the caller's token and its write scope. Each write validates the resource, applies the same
// domain rules as the web, and stores in one transaction, or throws a FhirError (4xx) having
// stored nothing. Types and interactions not listed take no writes.
import type { Writer } from './interactions';
import type { ResourceType } from './profiles';
import { updateAppointment } from './writes/appointments';
import {
	createCarePlanFromFhir,
	updateCarePlanByIdentifier,
	updateCarePlanFromFhir
} from './writes/care-plans';
import { createSchedule, updateSchedule } from './writes/schedules';
import { createSlot, updateSlot, updateSlotByIdentifier, withdrawSlot } from './writes/slots';

export const writable: Partial<Record<ResourceType, Writer>> = {
	Slot: {
		create: (caller, body) => createSlot(caller, body),
		update: (caller, id, body) => updateSlot(caller, id, body),
		conditionalUpdate: (caller, params, body) => updateSlotByIdentifier(caller, params, body),
		// Withdrawn, not removed: the slot stays, busy-unavailable (see withdrawSlot).
		delete: (caller, id) => void withdrawSlot(caller, id)
	},
	Schedule: {
		create: (caller, body) => createSchedule(caller, body),
		update: (caller, id, body) => updateSchedule(caller, id, body)
	},
	Appointment: {
		update: (caller, id, body) => updateAppointment(caller, id, body)
	},
	CarePlan: {
		create: (caller, body) => createCarePlanFromFhir(caller, body),
		update: (caller, id, body) => updateCarePlanFromFhir(caller, id, body),
		conditionalUpdate: (caller, params, body) => updateCarePlanByIdentifier(caller, params, body)
	}
};
