import { insightChoices } from '$lib/server/insight/demand';
import { leftOut } from '$lib/server/insight/left-out';
import { filterQuery, insightRequest } from '$lib/server/web/insight-routes';
import { shownTable } from '$lib/server/web/insight-view';
import type { PageServerLoad } from './$types';

/** What each table's chart draws: a group's share of residents beside its share of bookings. */
const charted: Record<string, string[]> = {
	reachedGroups: ['bookingsShare', 'requestsShare']
};
const chartedByDefault = ['residentsShare', 'bookingsShare'];
const chartedNotHeard = ['notHeardFrom'];

export const load: PageServerLoad = async ({ locals, url, getClientAddress }) => {
	const { scope, filter, errors, values } = await insightRequest(
		locals,
		url,
		getClientAddress(),
		'insight_groups_page'
	);
	const choices = await insightChoices(scope, null);
	const allOrganisations = scope.organisations === 'all';
	if (!filter) return { errors, values, choices, allOrganisations, figures: null };
	const figures = await leftOut(scope, filter);
	// The figures are by organisation: a service or place asked for is checked, then not kept.
	const query = filterQuery({ ...filter, serviceId: null, locationId: null });
	const csv = (table: string) =>
		`/staff/insight/download?${new URLSearchParams([...query, ['table', table]])}`;
	const shown = figures.tables.map((table) => ({
		table: shownTable(
			table,
			locals.t,
			charted[table.id] ?? (table.id.endsWith('NotHeard') ? chartedNotHeard : chartedByDefault)
		),
		csvHref: csv(table.id)
	}));
	return {
		errors,
		values: {
			organisation: filter.organisationId === null ? '' : String(filter.organisationId)
		},
		choices,
		allOrganisations,
		demandHref: `/staff/insight${query.size ? `?${query}` : ''}`,
		figures: {
			countedAt: figures.countedAt,
			groups: shown.filter(({ table }) => !table.id.endsWith('NotHeard')),
			notHeard: shown.filter(({ table }) => table.id.endsWith('NotHeard'))
		}
	};
};
