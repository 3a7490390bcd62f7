import { requestOrNotFound } from '$lib/server/web/request-routes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { request, service, responseTargetWorkingDays } = await requestOrNotFound(
		locals,
		Number(params.id)
	);
	return {
		id: request.id,
		reference: request.reference,
		dueBy: request.dueBy,
		service,
		responseTargetWorkingDays
	};
};
