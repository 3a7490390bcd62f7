import { everyPlace } from '$lib/server/places';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { places: await everyPlace() };
};
