import { registeredClients } from '$lib/server/fhir/clients';
import { systemsAdmin } from '$lib/server/web/system-routes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	systems: await registeredClients(systemsAdmin(locals))
});
