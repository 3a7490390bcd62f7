import { enforceJourney } from '$lib/server/access/guards';
import type { LayoutServerLoad } from './$types';

// Asking for face-to-face contact is for the person, or someone allowed to make requests for
// them. Every request is checked again when it is sent or changed.
export const load: LayoutServerLoad = ({ locals, route }) => enforceJourney(locals, route.id);
