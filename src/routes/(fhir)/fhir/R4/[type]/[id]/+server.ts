// One resource: read (GET), update (PUT), delete (DELETE).
import { fhirDelete, fhirRead, fhirUpdate } from '$lib/server/web/fhir';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = fhirRead;
export const PUT: RequestHandler = fhirUpdate;
export const DELETE: RequestHandler = fhirDelete;
