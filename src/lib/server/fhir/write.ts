// What the FHIR interface's writes do, by resource type: the routes (web/fhir.ts) dispatch here
// after checking the caller's token and its write scope. Each write validates the resource, applies
// the same domain rules as the web, and stores in one transaction, or throws a FhirError (4xx)
// having stored nothing. Types not listed take no writes.
import type { FhirCaller } from '../access/policy';
import type { ResourceType } from './profiles';
import { updateAppointment } from './writes/appointments';
import {
	createCarePlanFromFhir,
	updateCarePlanByIdentifier,
	updateCarePlanFromFhir
} from './writes/care-plans';
import type { WriteResult } from './writes/resource';
import { createSchedule, updateSchedule } from './writes/schedules';
import { createSlot, updateSlot, updateSlotByIdentifier, withdrawSlot } from './writes/slots';

export type { WriteResult };

export type Writes = {
	/** `POST [type]`: 201 with what was made, or 200 when the same identifier found it. */
	create?(caller: FhirCaller, body: unknown): WriteResult;
	/** `PUT [type]/[id]`. */
	update?(caller: FhirCaller, id: string, body: unknown): WriteResult;
	/** `PUT [type]?identifier=system|value`: 200 when it changed one, 201 when it made it. */
	conditionalUpdate?(caller: FhirCaller, params: URLSearchParams, body: unknown): WriteResult;
	/** `DELETE [type]/[id]`: 200 with the resource as it now is. */
	delete?(caller: FhirCaller, id: string): WriteResult;
};

export const writable: Partial<Record<ResourceType, Writes>> = {
	Slot: {
		create: (caller, body) => createSlot(caller, body),
		update: (caller, id, body) => updateSlot(caller, id, body),
		conditionalUpdate: (caller, params, body) => updateSlotByIdentifier(caller, params, body),
		delete: (caller, id) => withdrawSlot(caller, id)
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
