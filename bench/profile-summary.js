// Reads CPU profiles that Node wrote with `--cpu-prof` (bench/ics.js --profile DIR) and prints
// where the time went: self time by package or part (each of the app's dependencies, Node's own
// code, the bundled app and Svelte, garbage collection, idle) and the functions with the most
// self time. Self time is a function's own samples, not those of what it called.
//
//   node bench/profile-summary.js FILE.cpuprofile [more files] [--top N, default 25]
//     [--skip S: leave out the first S seconds, such as a server's start-up and first round]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { top: { type: 'string', default: '25' }, skip: { type: 'string', default: '0' } }
});
if (positionals.length === 0) {
	console.error('usage: node bench/profile-summary.js FILE.cpuprofile [...] [--top N]');
	process.exit(2);
}

/** What part of the server a frame belongs to, from its script's address. */
function partOf({ url, functionName }) {
	if (!url) {
		if (functionName === '(idle)' || functionName === '(program)') return functionName;
		if (functionName === '(garbage collector)') return 'garbage collection';
		// better-sqlite3's prepare, run and step, and other native calls, have no script.
		return `native: ${functionName || '(anonymous)'}`;
	}
	const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	if (modules) return modules[1];
	if (url.startsWith('node:')) return 'node';
	if (url.includes('/build/server/')) return 'app (build/server: our code, Svelte, SvelteKit)';
	return url;
}

const byPart = new Map();
const byFunction = new Map();
let total = 0;
for (const file of positionals) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	// Samples are taken at intervals given in timeDeltas: the time of sample i is delta i+1.
	const selfTime = new Map();
	const skipMicroseconds = Number(values.skip) * 1e6;
	let at = 0;
	profile.samples.forEach((id, index) => {
		at += profile.timeDeltas[index] ?? 0;
		if (at < skipMicroseconds) return;
		const delta = profile.timeDeltas[index + 1] ?? 0;
		selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
	});
	for (const [id, time] of selfTime) {
		const frame = nodes.get(id).callFrame;
		total += time;
		const part = partOf(frame);
		byPart.set(part, (byPart.get(part) ?? 0) + time);
		const where = frame.url
			? `${frame.url.replace(/^.*\/(node_modules|build)\//, '$1/')}:${frame.lineNumber + 1}`
			: '';
		const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
		byFunction.set(name, (byFunction.get(name) ?? 0) + time);
	}
}

const share = (time) => `${((100 * time) / total).toFixed(1).padStart(5)} %`;
const busy = total - (byPart.get('(idle)') ?? 0);
console.log(
	`${positionals.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle`
);
console.log('\nself time by part:');
for (const [part, time] of [...byPart].sort((a, b) => b[1] - a[1]).slice(0, 20))
	console.log(`${share(time)}  ${part}`);
console.log(`\nthe ${values.top} functions with the most self time:`);
for (const [name, time] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
	console.log(`${share(time)}  ${name}`);
