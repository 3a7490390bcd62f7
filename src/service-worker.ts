/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker keeps what the app needs to say "you are offline" (the stylesheets, icons,
// manifest, the page script, and the offline page in the language the pages are read in). Pages always come
// from the network, so times and availability are never stale; a page that cannot be fetched is
// answered with the copy the person chose to keep on this device (a care plan, their
// appointments), else with the offline page. It never caches a form sent by POST; the one
// exception to "not sent" is a face-to-face request: the page script hands over a step sent with
// no connection, which is kept here and sent when the connection returns.
// Workbox keeps the forms (background sync, over IndexedDB); the rest is a few lines with the
// browser's own API, as the worker is part of every first visit's bytes (tests/budgets.e2e.ts).
import { files, version } from '$service-worker';
import { Queue } from 'workbox-background-sync';

declare const self: ServiceWorkerGlobalScope;

/** Copies kept by the page script's "Keep a copy on this phone"; the same name there. */
const savedCache = 'joined-up-saved';
/** Built files (stylesheets, the page script), named by their content; the same name there. */
const builtCache = 'joined-up-built';
/** This version's icons and manifest: their names stay the same from one version to the next. */
const filesCache = `joined-up-files-${version}`;
const keptFiles = files.filter((file) => /\.(css|js|png|svg|webmanifest)$/.test(file));

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(filesCache).then((cache) => cache.addAll(keptFiles)));
});

// Once this version serves the pages, older versions' files go (and those Workbox precached
// before this worker kept them itself).
self.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter(
							(name) => /^(joined-up-files-|workbox-precache)/.test(name) && name !== filesCache
						)
						.map((name) => caches.delete(name))
				)
			)
	);
});

/** What never changes under its name: from the cache, else from the network and then kept. */
async function cacheFirst(cacheName: string, request: Request): Promise<Response> {
	const cache = await caches.open(cacheName);
	const cached = await cache.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

self.addEventListener('fetch', (event) => {
	const { request } = event;
	// Pages (and forms sent) always go to the network; with no connection, the copy kept of the
	// page, else the offline page (which says a form was not sent).
	if (request.mode === 'navigate') {
		event.respondWith(fetch(request).catch(() => offlineAnswer(request)));
		return;
	}
	const url = new URL(request.url);
	if (request.method !== 'GET' || url.origin !== self.location.origin) return;
	if (url.pathname.startsWith('/_app/immutable/')) {
		event.respondWith(cacheFirst(builtCache, request));
	} else if (keptFiles.includes(url.pathname)) {
		event.respondWith(cacheFirst(filesCache, request));
	}
});

/**
 * The offline page in the language of the pages being read: one, kept afresh whenever pages say
 * another language (and for each new version), so a language change needs no new worker.
 */
const offlineCache = 'joined-up-offline';
async function keepOfflinePage(language: string): Promise<void> {
	if (!/^[a-zA-Z-]{2,20}$/.test(language)) return;
	const page = `/offline/${language}`;
	const cache = await caches.open(offlineCache);
	const kept = await cache.keys();
	const current = kept.find((request) => new URL(request.url).pathname === page);
	if (current && (await cache.match(current))?.headers.get('x-version') === version) return;
	const response = await fetch(page, { credentials: 'omit' });
	if (!response.ok) return;
	const html = await response.text();
	// And the stylesheets it links, so that it looks offline as it does online. (The worker's
	// list of built files cannot name them: pages have no client build, and SvelteKit lists the
	// server's files instead.)
	const pageAddress = new URL(page, self.location.origin);
	const stylesheets = [...html.matchAll(/<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="([^"]+)"/g)]
		.map((link) => new URL(link[1]!, pageAddress))
		.filter((url) => url.origin === self.location.origin);
	await (await caches.open(builtCache)).addAll(stylesheets);
	await cache.put(
		page,
		new Response(html, {
			headers: { 'content-type': 'text/html; charset=utf-8', 'x-version': version }
		})
	);
	for (const request of kept) {
		if (new URL(request.url).pathname !== page) await cache.delete(request);
	}
}

async function offlinePage(): Promise<Response | undefined> {
	if (!(await caches.has(offlineCache))) return undefined;
	const cache = await caches.open(offlineCache);
	const [page] = await cache.keys();
	return page ? cache.match(page) : undefined;
}

async function offlineAnswer(request: Request): Promise<Response> {
	const kept = (await caches.has(savedCache))
		? await (await caches.open(savedCache)).match(new URL(request.url).pathname)
		: undefined;
	return kept ?? (await offlinePage()) ?? Response.error();
}

/**
 * Forms of a face-to-face request sent with no connection, in the order they were sent. The
 * browser's background sync sends them when the connection returns, even with the page closed;
 * an open page asks too, when it sees the connection return. A week old, they are dropped.
 */
const keptForms = new Queue('joined-up-kept-forms', {
	maxRetentionTime: 7 * 24 * 60,
	onSync: () => sendKeptForms()
});
/** Only the request journey's own forms are kept (see offline.ts). */
const keepable = (url: URL) =>
	url.origin === self.location.origin && /^\/contact(\/|$)/.test(url.pathname);

type KeptForm = { subject: string; page: string };

/** One thing at a time, in order: each step of the journey builds on the one before. */
let queueWork: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
	const turn = queueWork.then(work);
	queueWork = turn.catch(() => undefined);
	return turn;
}

function keepForm(form: { url: string; body: string } & KeptForm): Promise<boolean> {
	const url = new URL(form.url);
	if (!keepable(url) || typeof form.body !== 'string') return Promise.resolve(false);
	const request = new Request(url, {
		method: 'POST',
		body: form.body,
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		credentials: 'same-origin'
	});
	const metadata: KeptForm = { subject: String(form.subject), page: String(form.page) };
	return inTurn(() => keptForms.pushRequest({ request, metadata })).then(() => true);
}

/**
 * Sends what was kept, first kept first. The server answers as it would have then (the request
 * journey's one-time token makes a request sent twice one request); each outcome goes to open
 * pages, so the page it was sent from carries on to where the server sent it.
 */
function sendKeptForms(): Promise<void> {
	return inTurn(async () => {
		for (
			let entry = await keptForms.shiftRequest();
			entry;
			entry = await keptForms.shiftRequest()
		) {
			let response: Response;
			try {
				response = await fetch(entry.request.clone());
			} catch (error) {
				// Still no connection: kept, first in line, for the next try.
				await keptForms.unshiftRequest(entry);
				throw error;
			}
			const outcome = {
				type: 'kept-form-sent',
				page: (entry.metadata as KeptForm | undefined)?.page,
				// Where the server sent the person: the next question, or the request sent.
				to: new URL(response.url).pathname,
				moved: response.ok && response.redirected
			};
			for (const client of await self.clients.matchAll({ type: 'window' })) {
				client.postMessage(outcome);
			}
		}
	});
}

/** When someone else's care, or nobody's, is shown: forget forms kept for another person. */
function forgetKeptForms(subject: string): Promise<void> {
	return inTurn(async () => {
		const entries = [];
		for (
			let entry = await keptForms.shiftRequest();
			entry;
			entry = await keptForms.shiftRequest()
		) {
			entries.push(entry);
		}
		for (const entry of entries) {
			if (subject !== '' && (entry.metadata as KeptForm | undefined)?.subject === subject) {
				await keptForms.pushRequest(entry);
			}
		}
	});
}

self.addEventListener('message', (event) => {
	const message = event.data;
	const reply = (answer: unknown) => event.ports[0]?.postMessage(answer);
	if (message?.type === 'SKIP_WAITING') void self.skipWaiting();
	if (message?.type === 'offline-language') {
		event.waitUntil(keepOfflinePage(String(message.language)).then(() => reply(true)));
	}
	if (message?.type === 'keep-form') {
		event.waitUntil(keepForm(message).then(reply, () => reply(false)));
	}
	if (message?.type === 'send-kept-forms') {
		event.waitUntil(
			sendKeptForms().then(
				() => reply(true),
				() => reply(false)
			)
		);
	}
	if (message?.type === 'forget-kept-forms') {
		event.waitUntil(forgetKeptForms(String(message.subject)).then(() => reply(true)));
	}
});
