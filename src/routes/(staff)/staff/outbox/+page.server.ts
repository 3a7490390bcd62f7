import { error, redirect } from '@sveltejs/kit';
import { desc } from 'drizzle-orm';
import { mayStaff } from '$lib/server/access/policy';
import { database, tables } from '$lib/server/db';
import { demoLetterbox } from '$lib/server/messages/demo-letterbox';
import { sendAgain } from '$lib/server/messages/worker';
import type { Actions, PageServerLoad } from './$types';

const shown = 100;

function refuseUnlessAllowed(locals: App.Locals) {
	// Outside the demo the page does not exist: Notify's own records are where messages are seen.
	if (!mayStaff(locals.actor, 'outbox.view')) error(404, 'not found');
}

export const load: PageServerLoad = ({ locals }) => {
	refuseUnlessAllowed(locals);
	const { outbox } = tables;
	const messages = database()
		.select()
		.from(outbox)
		.orderBy(desc(outbox.createdAt), desc(outbox.id))
		.limit(shown)
		.all();
	// As delivered, while the demo keeps the words (a reset code leaves the outbox once sent).
	return {
		messages: messages.map((message) => ({
			...message,
			body: demoLetterbox.delivered(message.id) ?? message.body
		}))
	};
};

export const actions: Actions = {
	sendAgain: async ({ locals, request }) => {
		refuseUnlessAllowed(locals);
		const id = Number((await request.formData()).get('message'));
		if (!Number.isSafeInteger(id) || !sendAgain(id)) error(404, 'not found');
		redirect(303, '/staff/outbox');
	}
};
