import { asc, eq } from 'drizzle-orm';
import { database, tables } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { locations, organisations } = tables;
	const places = database()
		.select({
			id: locations.id,
			name: locations.name,
			address: locations.address,
			postcode: locations.postcode,
			stepFreeAccess: locations.stepFreeAccess,
			hearingLoop: locations.hearingLoop,
			organisation: organisations.name,
			phone: organisations.phone
		})
		.from(locations)
		.innerJoin(organisations, eq(locations.organisationId, organisations.id))
		.orderBy(asc(organisations.kind), asc(locations.name))
		.all();
	return { places };
};
