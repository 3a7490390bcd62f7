// Everything held about the subject that the reader may see, as one FHIR Bundle in a file named
// for the day (London) it was taken; its taking goes in the person's activity log.
import { error } from '@sveltejs/kit';
import { enforceArea } from '$lib/server/access/guards';
import { may } from '$lib/server/access/policy';
import { downloadMyData } from '$lib/server/fhir/my-data';
import { londonDate } from '$lib/time';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	// An endpoint is reached by no layout: signed out, it asks for sign-in as pages do.
	enforceArea(locals, 'account', url);
	const now = new Date();
	const bundle = await downloadMyData(locals, `${url.origin}/fhir/R4`, now);
	if (!bundle) error(404, 'not found');
	return new Response(JSON.stringify(bundle, null, 2), {
		headers: {
			'content-type': 'application/fhir+json; charset=utf-8',
			'content-disposition': `attachment; filename="joined-up-${londonDate(now)}.json"`
		}
	});
};

/** Asking whether the file is there is not taking a copy: nothing is gathered or recorded. */
export const HEAD: RequestHandler = ({ locals, url }) => {
	enforceArea(locals, 'account', url);
	if (!may(locals, 'data.download')) error(404, 'not found');
	return new Response(null, {
		headers: { 'content-type': 'application/fhir+json; charset=utf-8' }
	});
};
