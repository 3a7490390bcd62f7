// The day question's shape without its work: a load that returns seven days, and an action that
// checks the choice and moves on, as /appointments/book/day does, with no database and no i18n.
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// Joined Up sends no client framework; neither does the yardstick.
export const csr = false;

function sevenDays(): string[] {
	const today = Date.now();
	return Array.from({ length: 7 }, (_, i) =>
		new Date(today + (i + 1) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
	);
}

export const load: PageServerLoad = () => ({ days: sevenDays() });

export const actions: Actions = {
	default: async ({ request }) => {
		const day = (await request.formData()).get('day');
		if (typeof day !== 'string' || !sevenDays().includes(day)) return fail(400, { missing: true });
		redirect(303, `/?day=${day}`);
	}
};
