import { everyPlace } from '$lib/server/places';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	return { places: everyPlace() };
};
