// The one script pages send, and they work without it. It registers the service worker and tells
// it the page's language (it keeps the offline page in it); shows the banner the layout rendered
// hidden when a new version is waiting; offers "Keep a copy on this phone" where the layout allows it,
// keeping the page in Cache Storage for the worker to show when there is no connection; and,
// in the same places, keeps a face-to-face request's form sent offline for the worker to send
// when the connection returns.
// It speaks to the worker with the browser's own API: the page script is part of every first
// visit's bytes (tests/budgets.e2e.ts), and a library for it would double its size.

/** Must match the worker's name for the same cache. */
const savedCache = 'joined-up-saved';
/** Built files, named by their content, which the worker answers from; its name for it too. */
const builtCache = 'joined-up-built';
/** A kept copy's stand-in entry naming whose care the copies show. */
const ownerEntry = '/__joined-up-saved-owner';

const meta = (name: string) =>
	document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;

/**
 * Sends the worker serving these pages a message, on a channel of its own, and resolves with its
 * answer. Waits for a worker to be working, on a first visit as it installs.
 */
async function askWorker(message: Record<string, unknown>): Promise<unknown> {
	const { active } = await navigator.serviceWorker.ready;
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = (event) => resolve(event.data);
		active?.postMessage(message, [channel.port2]);
	});
}

if ('serviceWorker' in navigator && 'caches' in window) {
	const language = document.documentElement.lang;
	// Once the page has loaded, so the worker's files never hold up its first paint. A browser may
	// refuse workers (some private modes do); pages work without one.
	// Registered once: from then on the browser itself looks for a new version whenever it loads a
	// page, and registering again would only race it.
	window.addEventListener('load', () => {
		const registration = navigator.serviceWorker.controller
			? navigator.serviceWorker.getRegistration()
			: navigator.serviceWorker.register('/service-worker.js');
		registration.then((found) => found && offerUpdate(found)).catch(() => undefined);
	});
	// The offline page the worker keeps is in the language of the pages being read.
	void askWorker({ type: 'offline-language', language });

	const subject = meta('joined-up-subject') ?? '';
	// A page from the server (so online) that shows someone else's care, or no one's (signed
	// out), removes the copies kept of another person's pages.
	if (navigator.onLine) {
		void askWorker({ type: 'forget-kept-forms', subject });
		// Offered only once the check is done, so it never removes a copy just kept.
		void forgetOtherPeoplesCopies(subject).then(() => {
			if (meta('joined-up-keep') === 'yes') offerKeeping(subject);
		});
	} else {
		void showSavedNotice(language);
	}
	if (meta('joined-up-keep') === 'yes') sendLater(subject);
}

/**
 * A new version is waiting when a worker has installed while another serves the page (with none
 * serving it, the first has just installed, and is used at once).
 */
function offerUpdate(registration: ServiceWorkerRegistration) {
	const banner = document.getElementById('joined-up-update');
	if (!banner) return;
	let offered = false;
	const offer = (waiting: ServiceWorker) => {
		if (offered || !navigator.serviceWorker.controller) return;
		offered = true;
		banner.hidden = false;
		banner.querySelector('button')?.addEventListener(
			'click',
			() => {
				navigator.serviceWorker.addEventListener('controllerchange', () =>
					window.location.reload()
				);
				waiting.postMessage({ type: 'SKIP_WAITING' });
			},
			{ once: true }
		);
	};
	if (registration.waiting) offer(registration.waiting);
	registration.addEventListener('updatefound', () => {
		const installing = registration.installing;
		installing?.addEventListener('statechange', () => {
			if (installing.state === 'installed') offer(installing);
		});
	});
}

async function forgetOtherPeoplesCopies(subject: string) {
	if (!(await caches.has(savedCache))) return;
	const owner = await (await caches.open(savedCache)).match(ownerEntry);
	if (!owner || (await owner.text()) !== subject || subject === '') {
		await caches.delete(savedCache);
	}
}

function offerKeeping(subject: string) {
	const section = document.querySelector<HTMLElement>('[data-keep]');
	const button = section?.querySelector('button');
	if (!section || !button || subject === '') return;
	const done = section.querySelector<HTMLElement>('[data-keep-done]')!;
	const failed = section.querySelector<HTMLElement>('[data-keep-failed]')!;
	section.hidden = false;
	button.addEventListener('click', async () => {
		done.hidden = failed.hidden = true;
		try {
			const response = await fetch(window.location.pathname, { cache: 'no-store' });
			if (!response.ok) throw new Error(String(response.status));
			// The page's stylesheets too, so the copy looks as the page does: the worker keeps them
			// as pages fetch them, but not those fetched before it was working (a first visit).
			const stylesheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')];
			await (await caches.open(builtCache)).addAll(stylesheets.map((link) => link.href));
			const cache = await caches.open(savedCache);
			await cache.put(ownerEntry, new Response(subject));
			await cache.put(
				window.location.pathname,
				new Response(await response.blob(), {
					headers: {
						'content-type': 'text/html; charset=utf-8',
						'x-saved-at': new Date().toISOString()
					}
				})
			);
			done.hidden = false;
		} catch {
			failed.hidden = false;
		}
	});
}

/**
 * A form marked `data-send-later` (the face-to-face request's) sent with no connection is handed
 * to the worker to keep, and the page says so. When the connection returns the worker sends it,
 * and this page carries on to where the server sent it, as if it had been sent then. If the
 * server refused it (a missing answer, say), the form is sent again now, so its errors show.
 */
function sendLater(subject: string) {
	const notice = document.querySelector<HTMLElement>('[data-kept-form]');
	let kept: HTMLFormElement | null = null;
	for (const form of document.querySelectorAll<HTMLFormElement>('form[data-send-later]')) {
		form.addEventListener('submit', async (event) => {
			if (navigator.onLine || !notice || !navigator.serviceWorker.controller) return;
			event.preventDefault();
			const body = new URLSearchParams();
			for (const [name, value] of new FormData(form, event.submitter)) {
				if (typeof value === 'string') body.append(name, value);
			}
			const page = window.location.pathname;
			const done = await askWorker({
				type: 'keep-form',
				url: form.action,
				body: String(body),
				subject,
				page
			});
			// Not kept: sent the usual way, so the worker answers with the offline page.
			if (done !== true) {
				form.submit();
				return;
			}
			kept = form;
			notice.hidden = false;
		});
	}
	navigator.serviceWorker.addEventListener('message', (event) => {
		const outcome = event.data;
		if (outcome?.type !== 'kept-form-sent' || !kept || outcome.page !== window.location.pathname) {
			return;
		}
		// The first outcome decides: a form kept twice (pressed again) is answered once.
		const form = kept;
		kept = null;
		if (outcome.moved) window.location.assign(outcome.to);
		else form.submit();
	});
	const send = () => void askWorker({ type: 'send-kept-forms' });
	window.addEventListener('online', send);
	if (navigator.onLine) send();
}

/** On a copy read offline: "Saved on <date>. You are offline…", the date in the page's language. */
async function showSavedNotice(language: string) {
	const notice = document.querySelector<HTMLElement>('[data-saved-notice]');
	if (!notice || !(await caches.has(savedCache))) return;
	const saved = await (await caches.open(savedCache)).match(window.location.pathname);
	const at = saved?.headers.get('x-saved-at');
	if (!at) return;
	// British English for English, as the server writes dates.
	const date = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: 'Europe/London'
	}).format(new Date(at));
	notice.textContent = (notice.textContent ?? '').replace('%DATE%', date);
	notice.hidden = false;
}
