// Draws the app's icons (the favicon's mark on NHS blue) as PNGs with the system Chromium:
// 192 and 512 px, and a 512 px maskable one whose mark sits inside the central safe zone.
// Then pngquant (16 colours are plenty for two and their edges) and optipng shrink each to about a
// third, and zopflipng's slower deflate takes a tenth more (losslessly), which counts: icons are
// part of every first visit's byte budget.
// Run after changing the mark: `apt-get install -y pngquant optipng zopfli && node scripts/icons.js`;
// the PNGs are committed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from 'playwright';

const mark = '<path fill="#fff" d="M7 9h4v10a2 2 0 0 0 4 0V9h4v10a6 6 0 0 1-12 0zm14 0h4v14h-4z"/>';
const icon = (inset) =>
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="100%" height="100%">` +
	`<rect width="32" height="32" fill="#005eb8"/>` +
	`<g transform="translate(${inset} ${inset}) scale(${(32 - 2 * inset) / 32})">${mark}</g></svg>`;

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: process.getuid?.() === 0 ? ['--no-sandbox'] : []
});
for (const [file, size, inset] of [
	['icon-192.png', 192, 0],
	['icon-512.png', 512, 0],
	// Maskable icons may be cut to a circle of 80% of their width: the mark keeps inside it.
	['icon-maskable-512.png', 512, 5]
]) {
	const page = await browser.newPage({ viewport: { width: size, height: size } });
	await page.setContent(`<style>*{margin:0}</style>${icon(inset)}`);
	const path = `static/icons/${file}`;
	fs.writeFileSync(path, await page.screenshot({ type: 'png' }));
	execFileSync('pngquant', ['--force', '--speed', '1', '--output', path, '16', path]);
	execFileSync('optipng', ['-quiet', '-o7', path]);
	execFileSync('zopflipng', ['-y', '-m', path, path]);
	await page.close();
}
await browser.close();
