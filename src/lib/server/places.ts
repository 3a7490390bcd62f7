// The places residents can go, each with the organisation that runs it: for the help page.
import { asc, eq } from 'drizzle-orm';
import { database, tables } from './db';

const { locations, organisations } = tables;

/** Every place, with its access (step-free, hearing loop) and its organisation's name and phone. */
export function everyPlace() {
	return database()
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
}
