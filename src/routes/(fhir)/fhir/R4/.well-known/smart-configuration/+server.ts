// SMART's discovery document, at the address SMART clients look for it.
import { json } from '@sveltejs/kit';
import { smartConfiguration } from '$lib/server/web/fhir';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => json(smartConfiguration(url));
