// A type's searches (GET), creates (POST) and conditional updates (PUT ?identifier=…).
import { fhirConditionalUpdate, fhirCreate, fhirSearch } from '$lib/server/web/fhir';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = fhirSearch;
export const POST: RequestHandler = fhirCreate;
export const PUT: RequestHandler = fhirConditionalUpdate;
