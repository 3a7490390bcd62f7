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
