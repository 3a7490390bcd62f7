// Builds an ICS-sized population for the benches: a SQLite database with every migration
// applied, then residents with a year of appointments, diaries for the next four weeks, care
// plans, requests, messages, proxies and the activity log, from a fixed seed (the same arguments
// on the same day give the same database). Writes a manifest beside it, `<FILE>.json`, naming
// the accounts and diaries the benches use; every account's password is the manifest's.
//
//   node bench/population.js [residents, default 2000000] [--out FILE, default data/ics-<N>.db]
//                            [--seed N, default 2024] [--today YYYY-MM-DD, default today in London]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { londonDate } from './london.js';
import { benchSeed, buildPopulation } from './population/build.js';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { out: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' } }
});
const residents = Number(positionals[0] ?? 2_000_000);
const seed = Number(values.seed ?? benchSeed);
const today = values.today ?? londonDate(new Date());
if (
	!Number.isInteger(residents) ||
	residents < 10 ||
	!Number.isInteger(seed) ||
	!/^\d{4}-\d{2}-\d{2}$/.test(today)
) {
	console.error(
		'usage: node bench/population.js [residents] [--out FILE] [--seed N] [--today YYYY-MM-DD]'
	);
	process.exit(2);
}
const file = path.resolve(values.out ?? `data/ics-${residents}.db`);

// Built under another name and renamed when whole, so that a database at `file` is always a
// finished one (others copy the shared ones while a new one is being built).
const building = `${file}.building`;
const began = performance.now();
const elapsed = () => ((performance.now() - began) / 1000).toFixed(1);
const { manifest, counts } = await buildPopulation({
	file: building,
	residents,
	seed,
	today,
	log: (line) => console.log(`${elapsed()} s  ${line}`)
});
const builtSeconds = Number(elapsed());
const bytes = fs.statSync(building).size;
fs.renameSync(building, file);
fs.writeFileSync(
	`${file}.json`,
	JSON.stringify({ ...manifest, builtSeconds, bytes }, null, '\t') + '\n'
);
console.log(counts);
console.log(
	`${file}: ${residents} residents in ${builtSeconds} s, ${(bytes / 1e9).toFixed(2)} GB; manifest ${file}.json`
);
