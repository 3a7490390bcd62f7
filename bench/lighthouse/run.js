// Lighthouse (its npm package, driving the system Chromium) on the home, sign-in, booking day
// and care plan pages, with its default mobile emulation and simulated slow 4G throttling.
// Prints performance, accessibility and best-practice scores, first and largest contentful
// paint, total blocking time and bytes. Run `npm run build` first.
//
//   npm run bench:lighthouse   (installs bench/lighthouse/'s own dependencies first)
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startBenchServer } from '../server.js';

const server = startBenchServer({ port: 4392, databaseName: 'bench-lighthouse.db' });
const { origin } = server;

/** Cookies a response set, merged into a Cookie header. */
function withCookies(header, response) {
	const jar = new Map(header ? header.split('; ').map((pair) => pair.split(/=(.*)/s)) : []);
	for (const line of response.headers.getSetCookie()) {
		const [pair] = line.split(';');
		const [name, value] = pair.split(/=(.*)/s);
		jar.set(name, value);
	}
	return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

async function post(path, body, cookie) {
	const response = await fetch(origin + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			cookie,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams(body)
	});
	if (response.status !== 303) throw new Error(`${path}: ${response.status}`);
	return withCookies(cookie, response);
}

/** Signed in as Grace, with the booking questions answered up to the day: a GP by phone. */
async function bookingCookie() {
	let cookie = await post(
		'/sign-in',
		{ identifier: 'patient@example.org', password: 'joined-up-demo' },
		''
	);
	const services = await (
		await fetch(`${origin}/appointments/book`, { headers: { cookie } })
	).text();
	const service = services.match(/name="service"[^>]*value="(\d+)"/)?.[1];
	if (!service) throw new Error('no service to book');
	cookie = await post('/appointments/book', { service }, cookie);
	cookie = await post('/appointments/book/how', { mode: 'phone' }, cookie);
	return cookie;
}

const pages = [
	{ name: 'home', path: '/' },
	{ name: 'sign in', path: '/sign-in' },
	{ name: 'booking: day', path: '/appointments/book/day', signedIn: true },
	{ name: 'care plan', path: '/care-plans/2', signedIn: true }
];

let chrome;
try {
	await server.ready();
	const cookie = await bookingCookie();
	chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu']
	});
	const rows = [];
	let version = '';
	for (const page of pages) {
		const { lhr } = await lighthouse(
			origin + page.path,
			{ port: chrome.port, output: 'json', logLevel: 'error' },
			{
				extends: 'lighthouse:default',
				settings: {
					onlyCategories: ['performance', 'accessibility', 'best-practices'],
					extraHeaders: page.signedIn ? { cookie } : undefined
				}
			}
		);
		if (lhr.finalDisplayedUrl !== origin + page.path) {
			throw new Error(`${page.path} ended at ${lhr.finalDisplayedUrl}`);
		}
		version = lhr.lighthouseVersion;
		const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
		const ms = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
		rows.push({
			page: page.name,
			performance: score('performance'),
			accessibility: score('accessibility'),
			'best practices': score('best-practices'),
			'FCP ms': ms('first-contentful-paint'),
			'LCP ms': ms('largest-contentful-paint'),
			'TBT ms': ms('total-blocking-time'),
			bytes: ms('total-byte-weight')
		});
	}
	console.log(`Lighthouse ${version}, ${origin}, mobile emulation, simulated throttling`);
	console.table(rows);
} finally {
	await chrome?.kill();
	await server.stop();
}
