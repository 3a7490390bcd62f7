// An insight table as a CSV file: the same published figures as the page's table, its header row
// in the reader's words. An endpoint runs no layout, so it guards its area itself.
import { error } from '@sveltejs/kit';
import { enforceArea } from '$lib/server/access/guards';
import { demandAndCapacity, demandTableIds, type DemandTableId } from '$lib/server/insight/demand';
import { insightRequest } from '$lib/server/web/insight-routes';
import { insightCsv } from '$lib/server/web/insight-view';
import { londonDate } from '$lib/time';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url, getClientAddress }) => {
	enforceArea(locals, 'insight', url);
	const table = url.searchParams.get('table');
	if (!demandTableIds.includes(table as DemandTableId)) error(404, 'not found');
	const { scope, filter } = insightRequest(locals, url, getClientAddress(), 'insight_csv');
	if (!filter) error(404, 'not found');
	const demand = demandAndCapacity(scope, filter);
	const name = `demand-and-capacity-${table}-${londonDate(new Date())}.csv`;
	return new Response(insightCsv(demand[table as DemandTableId], locals.t), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}"`
		}
	});
};
