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
		create: async (caller, body) => await createSlot(caller, body),
		update: async (caller, id, body) => await updateSlot(caller, id, body),
		conditionalUpdate: async (caller, params, body) =>
			await updateSlotByIdentifier(caller, params, body),
		// Withdrawn, not removed: the slot stays, busy-unavailable (see withdrawSlot).
		delete: async (caller, id) => void (await withdrawSlot(caller, id))
	},
	Schedule: {
		create: async (caller, body) => await createSchedule(caller, body),
		update: async (caller, id, body) => await updateSchedule(caller, id, body)
	},
	Appointment: {
		update: async (caller, id, body) => await updateAppointment(caller, id, body)
	},
	CarePlan: {
		create: async (caller, body) => await createCarePlanFromFhir(caller, body),
		update: async (caller, id, body) => await updateCarePlanFromFhir(caller, id, body),
		conditionalUpdate: async (caller, params, body) =>
			await updateCarePlanByIdentifier(caller, params, body)
	}
};
