import { demandAndCapacity, insightChoices } from '$lib/server/insight/demand';
import { filterQuery, insightRequest } from '$lib/server/web/insight-routes';
import { shownTable } from '$lib/server/web/insight-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, getClientAddress }) => {
	const { scope, filter, errors, values } = await insightRequest(
		locals,
		url,
		getClientAddress(),
		'insight_page'
	);
	const choices = await insightChoices(scope, filter?.organisationId ?? null);
	if (!filter)
		return {
			errors,
			values,
			choices,
			allOrganisations: scope.organisations === 'all',
			figures: null
		};
	const demand = await demandAndCapacity(scope, filter);
	const t = locals.t;
	const query = filterQuery(filter);
	const csv = (table: string) =>
		`/staff/insight/download?${new URLSearchParams([...query, ['table', table]])}`;
	const figure = (
		table: (typeof demand)['capacity'],
		chart: 'weekly' | 'bars',
		columns: string[]
	) => ({ table: shownTable(table, t, columns), chart, csvHref: csv(table.id) });
	return {
		errors,
		values: {
			organisation: filter.organisationId === null ? '' : String(filter.organisationId),
			service: filter.serviceId === null ? '' : String(filter.serviceId),
			place: filter.locationId === null ? '' : String(filter.locationId)
		},
		choices,
		allOrganisations: scope.organisations === 'all',
		figures: {
			placeChosen: filter.locationId !== null,
			countedAt: demand.countedAt,
			list: [
				figure(demand.capacity, 'weekly', ['offered', 'booked', 'unused']),
				figure(demand.cancellations, 'weekly', ['cancelled', 'lateCancelled', 'noShows']),
				figure(demand.requests, 'weekly', ['received', 'arranged', 'closed']),
				figure(demand.target, 'weekly', ['inTargetShare']),
				figure(demand.unusedByService, 'bars', ['unused']),
				figure(demand.nextFree, 'bars', ['daysToNextFree'])
			]
		}
	};
};
