import { error } from '@sveltejs/kit';
import { mayStaff } from '$lib/server/access/policy';
import { queueFilters, type QueueFilter } from '$lib/contact-requests';
import { queueServices, requestQueue } from '$lib/server/requests/answering';
import type { PageServerLoad } from './$types';

// Filters are in the address (a GET form), so a filtered queue can be bookmarked and shared.
export const load: PageServerLoad = async ({ locals, url }) => {
	const { actor } = locals;
	if (!mayStaff(actor, 'requests.manage', actor?.organisationId)) error(403, 'forbidden');
	const statusParam = url.searchParams.get('status') ?? 'open';
	const status: QueueFilter = (queueFilters as readonly string[]).includes(statusParam)
		? (statusParam as QueueFilter)
		: 'open';
	const services = await queueServices(actor);
	const serviceParam = Number(url.searchParams.get('service'));
	const service = services.find((s) => s.id === serviceParam);
	return {
		status,
		service: service?.id ?? null,
		services,
		...(await requestQueue(actor, { status, serviceId: service?.id })),
		now: new Date()
	};
};
