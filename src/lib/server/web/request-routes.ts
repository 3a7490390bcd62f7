// The request a page's address names, for the person or for staff: 404 for anything they may
// not see, whatever id is typed.
import { error } from '@sveltejs/kit';
import { staffRequestOf } from '../requests/answering';
import { requestOf } from '../requests/asking';

export async function requestOrNotFound(locals: App.Locals, id: number) {
	const request = await requestOf(locals, id);
	if (!request) error(404, 'not found');
	return request;
}

export async function staffRequestOrNotFound(locals: App.Locals, id: number) {
	const request = await staffRequestOf(locals.actor, id);
	if (!request) error(404, 'not found');
	return request;
}
