// What the interface supports: its CapabilityStatement.
import { fhirMetadata } from '$lib/server/web/fhir';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = fhirMetadata;
