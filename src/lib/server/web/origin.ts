// SvelteKit refuses a POST from another site only when it carries a form (its content types), so
// a POST with no body, or another type, reaches the handler whatever its Origin. Handlers that act
// on such a POST alone (signing out, ending an assisted session) check it here too, as SvelteKit
// does: the Origin must be this site's. A POST without an Origin is refused as well. Every
// browser the service supports sends one with every POST, and SvelteKit already refuses any form
// without one, so a browser too old to send it could not use the service's forms anyway.
import { error } from '@sveltejs/kit';

export function refuseOtherOrigins({ request, url }: { request: Request; url: URL }): void {
	if (request.headers.get('origin') !== url.origin) error(403, 'forbidden');
}

/** The content types a browser's form can send, which another site's page can make it send. */
const formContentTypes = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
];

/**
 * SvelteKit's own cross-site form check, kept for every route but the FHIR interface's. OAuth's
 * token endpoint takes a form post from another organisation's server, which sends no Origin;
 * SvelteKit's check cannot spare some routes, so svelte.config.js turns it off and this makes it
 * here. The interface is safe without it: it reads no cookie, and acts only on a signed assertion
 * or a bearer token, which no other site's page can make a browser send.
 */
export function crossSiteFormRefused(
	{ request, url }: { request: Request; url: URL },
	routeId: string | null
): Response | null {
	if (routeId?.startsWith('/(fhir)/')) return null;
	if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return null;
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (!formContentTypes.includes(type) || request.headers.get('origin') === url.origin) return null;
	return new Response(`Cross-site ${request.method} form submissions are forbidden`, {
		status: 403,
		headers: { 'content-type': 'text/plain' }
	});
}
