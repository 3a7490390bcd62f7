// The pages where ICS admins register other organisations' systems and read their calls: they
// do not exist (404) for anyone else, as the security log does not, whatever id is typed.
import { error } from '@sveltejs/kit';
import { mayStaff, type Actor } from '../access/policy';
import { registeredClient } from '../fhir/clients';

/** The admin on a systems page or its form; 404 for anyone who may not manage systems. */
export function systemsAdmin(locals: App.Locals): Actor {
	if (!mayStaff(locals.actor, 'fhir_clients.manage')) error(404, 'not found');
	return locals.actor!;
}

/** The registered system a page's address names, for an admin; 404 otherwise. */
export async function systemOrNotFound(locals: App.Locals, id: number) {
	const system = await registeredClient(systemsAdmin(locals), id);
	if (!system) error(404, 'not found');
	return system;
}
