// The request a page's address names, for the person or for staff: 404 for anything they may
// not see, whatever id is typed.
import { error } from '@sveltejs/kit';
import { staffRequestOf } from '../requests/answering';
import { requestOf } from '../requests/asking';

function idOf(param: string): number | null {
	return /^\d{1,9}$/.test(param) ? Number(param) : null;
}

export function requestOrNotFound(locals: App.Locals, param: string) {
	const id = idOf(param);
	const request = id === null ? undefined : requestOf(locals, id);
	if (!request) error(404, 'not found');
	return request;
}

export function staffRequestOrNotFound(locals: App.Locals, param: string) {
	const id = idOf(param);
	const request = id === null ? undefined : staffRequestOf(locals.actor, id);
	if (!request) error(404, 'not found');
	return request;
}
