// The resident a link worker or staff member found by exact search (or just registered), for the
// pages that act on them. There is no way to name anyone else on those pages.
import { error, redirect } from '@sveltejs/kit';
import { foundResident } from '../assist/assist';

export async function foundOrBack(locals: App.Locals) {
	if (!locals.session) error(403, 'forbidden');
	const resident = await foundResident(locals.actor, locals.session);
	if (!resident) redirect(303, '/assist');
	return resident;
}
