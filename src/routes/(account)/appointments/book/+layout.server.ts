import { enforceJourney } from '$lib/server/access/guards';
import type { LayoutServerLoad } from './$types';

// Booking is for those who may manage the subject's appointments: the person, or a proxy allowed
// to. Each booking is checked again when it is made.
export const load: LayoutServerLoad = ({ locals, route }) => enforceJourney(locals, route.id);
