// The places residents can go, each with the organisation that runs it, as pages list them.
import { asc, eq, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import { database, tables } from './db';

const { locations, organisations } = tables;

/**
 * Places (those `where` picks, or all) with where they are, the organisation's name and phone,
 * and the `more` a page needs; GP practices first, then by name.
 */
export async function placesWith<More extends SelectedFields>(more: More, where?: SQL) {
	return await database()
		.select({
			id: locations.id,
			name: locations.name,
			address: locations.address,
			postcode: locations.postcode,
			organisation: organisations.name,
			phone: organisations.phone,
			...more
		})
		.from(locations)
		.innerJoin(organisations, eq(locations.organisationId, organisations.id))
		.where(where)
		.orderBy(asc(organisations.kind), asc(locations.name));
}

/** Every place, with its access (step-free, hearing loop): for the help page. */
export async function everyPlace() {
	return await placesWith({
		stepFreeAccess: locations.stepFreeAccess,
		hearingLoop: locations.hearingLoop
	});
}
