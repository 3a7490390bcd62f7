// SMART Backend Services' token endpoint: the client credentials grant, private_key_jwt.
import { fhirToken } from '$lib/server/web/fhir';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = fhirToken;
