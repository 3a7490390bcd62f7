import { error, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import { readPermissions } from '$lib/server/people/forms';
import {
	actingForList,
	changePermissions,
	proxiesOf,
	revoke,
	stepDown
} from '$lib/server/people/people';
import type { Actions, PageServerLoad } from './$types';

/** The relationship as this person sees it: one acting for them, or one they act in; else none. */
async function relationshipFor(locals: App.Locals, id: number) {
	const proxy = (await proxiesOf(locals)).find((relationship) => relationship.id === id);
	if (proxy) return { role: 'patient' as const, proxy };
	const actingFor = (await actingForList(locals.actor)).find(
		(person) => person.relationshipId === id
	);
	if (actingFor) return { role: 'proxy' as const, actingFor };
	error(404, 'not found');
}

export const load: PageServerLoad = async ({ locals, params }) =>
	await relationshipFor(locals, Number(params.id));

export const actions: Actions = {
	save: async ({ locals, params, request }) => {
		const id = Number(params.id);
		const found = await relationshipFor(locals, id);
		if (found.role !== 'patient') error(404, 'not found');
		const { grant, errors } = readPermissions(await request.formData());
		if (errors.length > 0) return formFailure(errors, { grant });
		if (!(await changePermissions(locals, id, grant))) error(404, 'not found');
		redirect(303, '/people?done=saved');
	},
	revoke: async ({ locals, params }) => {
		const id = Number(params.id);
		if ((await relationshipFor(locals, id)).role !== 'patient' || !(await revoke(locals, id))) {
			error(404, 'not found');
		}
		redirect(303, '/people?done=revoked');
	},
	stepDown: async ({ locals, params }) => {
		const id = Number(params.id);
		if (
			(await relationshipFor(locals, id)).role !== 'proxy' ||
			!(await stepDown(locals.actor!, id))
		) {
			error(404, 'not found');
		}
		redirect(303, '/people?done=steppedDown');
	}
};
