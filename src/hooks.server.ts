// Every request: who is signed in (actor), whose care it is about (subject) and via what,
// which language to answer in, the access check for its route's area, and security headers.
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { translatorFor } from '$lib/i18n';
import {
	defaultLanguage,
	directionOf,
	isLanguageCode,
	negotiateLanguage
} from '$lib/i18n/languages';
import { actorFor, areaOfRoute } from '$lib/server/access/policy';
import {
	enforceArea,
	enforceIdentityLevel,
	enforceJourney,
	enforceRecentPassword,
	enforceRecord
} from '$lib/server/access/guards';
import { sessionCookieName, validateSessionToken } from '$lib/server/auth/session';
import { compressed } from '$lib/server/compression';
import { log } from '$lib/server/log';
import { clearSessionCookie, languageCookieName } from '$lib/server/web/cookies';
import { crossSiteFormRefused } from '$lib/server/web/origin';
import { subjectOf } from '$lib/server/patients';
import { proxyContext } from '$lib/server/people/people';
import { recordLinkedWithoutNhsLogin } from '$lib/server/identity/record-links';
import { assistedContext } from '$lib/server/assist/assist';
import { startServer } from '$lib/server/startup';

export const init: ServerInit = startServer;

export const handle: Handle = async (input) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await answer(input);
		status = response.status;
		return response;
	} catch (thrown) {
		// A redirect or error thrown by a guard; SvelteKit turns it into the response.
		status = (thrown as { status?: number }).status ?? 500;
		throw thrown;
	} finally {
		// The route's pattern, never its address: a query string can hold what someone typed.
		const { request, route } = input.event;
		log.info(
			{
				event: 'request',
				method: request.method,
				route: route.id,
				status,
				ms: Math.round(performance.now() - started)
			},
			'request'
		);
		// A form answered without being read (a redirect to sign in, or to an earlier step) must
		// still be read to its end, or the connection it came on is left unusable for the next
		// request. The adapter's BODY_SIZE_LIMIT bounds what this reads.
		if (request.body && !request.bodyUsed) await request.arrayBuffer().catch(() => undefined);
	}
};

const answer: Handle = async ({ event, resolve }) => {
	const { cookies, locals, request, url } = event;
	const crossSite = crossSiteFormRefused(event, event.route.id);
	if (crossSite) return crossSite;

	// The offline page is kept by the service worker on the device: it is the same for everyone,
	// in the language its address names, and never carries whose device it is.
	const offlinePage = event.route.id === '/(public)/offline/[lang]';
	const token = offlinePage ? undefined : cookies.get(sessionCookieName);
	const validated = token ? await validateSessionToken(token) : null;
	if (token && !validated) clearSessionCookie(cookies, url);
	locals.user = validated?.user ?? null;
	locals.session = validated?.session ?? null;
	locals.actor = locals.user ? actorFor(locals.user) : null;
	// Whose care: the resident of a link worker's running assisted session, or someone a proxy
	// acts for while the relationship stands (both checked on every request), or their own.
	const { actor, session } = locals;
	const assisting =
		actor && session?.assistedSessionId
			? await assistedContext(actor, session.id, session.assistedSessionId)
			: null;
	const acting =
		!assisting && actor && session?.actingForPatientId
			? await proxyContext(actor, session.id, session.actingForPatientId)
			: null;
	const own = locals.user?.patientId ? await subjectOf(locals.user.patientId) : null;
	locals.subject = assisting?.subject ?? acting?.subject ?? own;
	locals.via = assisting ? 'assisted' : acting ? 'proxy' : 'self';
	locals.grant = assisting?.grant ?? acting?.grant ?? null;
	locals.assistingUntil = assisting?.endsAt ?? null;

	const area = event.route.id ? areaOfRoute(event.route.id) : null;
	const chosen = offlinePage
		? event.params.lang
		: (locals.user?.language ?? cookies.get(languageCookieName));
	// Staff pages are in English for now (their words are in the English-only `staff` catalogue),
	// so they say so rather than claim a language they are not in.
	locals.lang =
		area === 'staff' || area === 'admin' || area === 'insight'
			? defaultLanguage
			: isLanguageCode(chosen)
				? chosen
				: (negotiateLanguage(request.headers.get('accept-language')) ?? defaultLanguage);
	locals.t = translatorFor(locals.lang);

	// Pages guard their area in their group's layout; other methods reach actions and endpoints
	// before any layout runs, so they are checked here. A route in no known area is refused.
	if (event.route.id) {
		if (!area) return new Response('Not found', { status: 404 });
		// An account without a record meets the way to it, not "Page not found".
		enforceRecord(locals, event.route.id);
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			enforceArea(locals, area, url);
			enforceJourney(locals, event.route.id);
		}
		enforceRecentPassword(locals, event.route.id, url, request.method);
		await enforceIdentityLevel(locals, event.route.id, url, request.method, async () =>
			locals.user ? await recordLinkedWithoutNhsLogin(locals.user.id) : false
		);
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) =>
			html
				.replace('%joinedup.lang%', locals.lang)
				.replace('%joinedup.dir%', directionOf(locals.lang))
	});

	response.headers.set('X-Content-Type-Options', 'nosniff');
	// Not `no-referrer`: with it Chromium sends `Origin: null` on form posts, which SvelteKit's
	// cross-site request check then refuses. `same-origin` still tells other sites nothing.
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	// Served over HTTPS (ORIGIN says so behind a proxy), browsers are told never to use plain HTTP.
	if (url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	// Nothing personal is kept by a shared cache or the browser's back button after sign-out.
	if (locals.user) response.headers.set('Cache-Control', 'no-store');
	response.headers.set('Vary', 'Cookie, Accept-Language');
	return compressed(request, response);
};

/**
 * An unexpected error: logged by its name, the route and a stack of code locations only (an
 * error's message can quote the data it failed on), and the person sees the error page.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	// A page not found is a 404 in the request's own line, not an error.
	if (status < 500) return;
	const stack = error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 8) : [];
	log.error(
		{
			event: 'request.failed',
			route: event.route.id,
			status,
			error: error instanceof Error ? error.name : typeof error,
			stack: stack.map((line) => line.trim())
		},
		'unexpected error'
	);
};
