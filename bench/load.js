// One measured load on a server: autocannon keeps `connections` requests in flight, after a short
// unmeasured warm-up, and each response is checked against what the scenario should get.
// Latencies come from every response: autocannon's own histogram has no p95.
import autocannon from 'autocannon';

/** p-th percentile (0..100) of sorted values, nearest rank. */
export const percentile = (sorted, p) =>
	sorted.length === 0
		? NaN
		: sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const fixed = (ms) => Number(ms.toFixed(1));

/**
 * Measures one scenario on `origin`: `seconds` long, or `amount` requests when given (then no
 * warm-up unless `warmUpSeconds` says so). `request()` gives the autocannon request for a run
 * (called for the warm-up and again for the measured run); `isOk(status, body, headers)` says
 * whether a response is what the scenario should get, the others counted as unexpected;
 * `limit()` caps a run's requests (scenarios that use something up, such as free slots);
 * `beforeRun` runs just before the measured run. Returns the row of figures, how many responses
 * were as expected, and the count of each status code.
 */
export async function measure({
	origin,
	connections,
	seconds,
	amount,
	warmUpSeconds = amount ? 0 : 1,
	request,
	isOk,
	limit = () => undefined,
	beforeRun = () => {}
}) {
	let ok = 0;
	const run = (options) => {
		const { onResponse, ...rest } = request();
		const counted = {
			...rest,
			onResponse(status, body, context, headers) {
				if (isOk(status, body, headers)) ok++;
				onResponse?.(status, body, context, headers);
			}
		};
		return autocannon({
			url: origin,
			connections,
			maxOverallRequests: limit(),
			requests: [counted],
			...options
		});
	};
	if (warmUpSeconds > 0) {
		await run({ duration: warmUpSeconds });
		// Requests cut off by the end of a run may still be finishing on the server.
		await settle();
	}
	beforeRun();
	ok = 0;
	const latencies = [];
	const started = performance.now();
	const instance = run(amount ? { amount } : { duration: seconds });
	// autocannon notices a run of `amount` is done only at its next one-second tick: the run's
	// time is to its last response.
	let lastResponse = started;
	instance.on('response', (client, statusCode, resBytes, responseTime) => {
		latencies.push(responseTime);
		lastResponse = performance.now();
	});
	const result = await instance;
	const elapsedSeconds = (lastResponse - started) / 1000;
	await settle();
	const statuses = Object.fromEntries(
		Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])
	);
	latencies.sort((a, b) => a - b);
	return {
		row: {
			requests: latencies.length,
			'req/s': Math.round(latencies.length / elapsedSeconds) || 0,
			'p50 ms': fixed(percentile(latencies, 50)),
			'p95 ms': fixed(percentile(latencies, 95)),
			'p99 ms': fixed(percentile(latencies, 99)),
			'max ms': fixed(latencies.at(-1) ?? NaN),
			unexpected: latencies.length - ok,
			// Connection errors, timeouts included.
			errors: result.errors
		},
		ok,
		statuses
	};
}
