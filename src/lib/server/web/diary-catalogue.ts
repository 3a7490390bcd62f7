// The diary pages' guard: a staff member sees their own organisation's diary, nobody else's.
import { error } from '@sveltejs/kit';
import { organisationOf } from '../diary/diary';

/** The staff member's own organisation for a diary page; anyone else is refused. */
export async function diaryCatalogue(locals: App.Locals) {
	const catalogue = await organisationOf(locals.actor);
	// Admins and staff without an organisation have no diary to see.
	if (!catalogue || !locals.actor) error(403, 'forbidden');
	return { catalogue, actor: locals.actor };
}
