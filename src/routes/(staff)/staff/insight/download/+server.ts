// An insight table as a CSV file: the same published figures as the page's table, its header row
// in the reader's words. An endpoint runs no layout, so it guards its area itself.
import { error } from '@sveltejs/kit';
import { enforceArea } from '$lib/server/access/guards';
import { demandAndCapacity, demandTableIds, type DemandTableId } from '$lib/server/insight/demand';
import { leftOut, leftOutTableIds, type LeftOutTableId } from '$lib/server/insight/left-out';
import type { InsightTable } from '$lib/server/insight/tables';
import { insightRequest } from '$lib/server/web/insight-routes';
import { insightCsv } from '$lib/server/web/insight-view';
import { londonDate } from '$lib/time';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url, getClientAddress }) => {
	enforceArea(locals, 'insight', url);
	const table = url.searchParams.get('table');
	const demand = demandTableIds.includes(table as DemandTableId);
	if (!demand && !leftOutTableIds.includes(table as LeftOutTableId)) error(404, 'not found');
	const { scope, filter } = await insightRequest(locals, url, getClientAddress(), 'insight_csv');
	if (!filter) error(404, 'not found');
	let figures: InsightTable | undefined;
	if (demand) figures = (await demandAndCapacity(scope, filter))[table as DemandTableId];
	else figures = (await leftOut(scope, filter)).tables.find((one) => one.id === table);
	// Before the first count has finished there is no table to download.
	if (!figures) error(404, 'not found');
	const name = `${demand ? 'demand-and-capacity' : 'who-is-left-out'}-${table}-${londonDate(new Date())}.csv`;
	return new Response(insightCsv(figures, locals.t), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}"`
		}
	});
};
