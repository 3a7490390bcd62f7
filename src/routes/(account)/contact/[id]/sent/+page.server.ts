import { requestOrNotFound } from '$lib/server/web/request-routes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const { request, service, responseTargetWorkingDays } = requestOrNotFound(locals, params.id);
	return {
		id: request.id,
		reference: request.reference,
		dueBy: request.dueBy,
		service,
		responseTargetWorkingDays
	};
};
