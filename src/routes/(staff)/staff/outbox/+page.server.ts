import { error, redirect } from '@sveltejs/kit';
import { mayStaff } from '$lib/server/access/policy';
import { recentMessages } from '$lib/server/messages/recent';
import { sendAgain } from '$lib/server/messages/queue';
import type { Actions, PageServerLoad } from './$types';

const shown = 100;

function refuseUnlessAllowed(locals: App.Locals) {
	// Outside the demo the page does not exist: Notify's own records are where messages are seen.
	if (!mayStaff(locals.actor, 'outbox.view')) error(404, 'not found');
}

export const load: PageServerLoad = async ({ locals, url }) => {
	refuseUnlessAllowed(locals);
	const undelivered = url.searchParams.get('show') === 'undelivered';
	return { undelivered, messages: await recentMessages(shown, { undelivered }) };
};

export const actions: Actions = {
	sendAgain: async ({ locals, request }) => {
		refuseUnlessAllowed(locals);
		const id = Number((await request.formData()).get('message'));
		if (!Number.isSafeInteger(id) || !(await sendAgain(id))) error(404, 'not found');
		redirect(303, '/staff/outbox');
	}
};
