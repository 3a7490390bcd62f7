// The configuration the end-to-end harness validates every page with (html-validate.ts) rejects
// the defects it is there for, and accepts the markup Svelte and NHS.UK frontend write.
import { describe, expect, it } from 'vitest';
import { htmlProblems } from './html-validate';

/** A page as the app serves one, around the given content of <main>. */
function page(main: string): string {
	return `<!doctype html>
<html lang="en" dir="ltr">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<link href="/_app/immutable/assets/app.css" rel="stylesheet">
		<title>Book an appointment – Joined Up</title>
	</head>
	<body>
		<main id="maincontent">
${main}
		</main>
	</body>
</html>
`;
}

describe('the HTML validation the end-to-end tests run', () => {
	it('accepts what Svelte and NHS.UK frontend write', async () => {
		const html = page(`
			<h1>Which service?</h1>
			<a class="nhsuk-button" href="/book" role="button" draggable="false">Start now</a>
			<form method="POST" novalidate="">
				<div class="nhsuk-form-group">
					<fieldset class="nhsuk-fieldset" aria-describedby="service-hint">
						<legend class="nhsuk-fieldset__legend">Which service?</legend>
						<div class="nhsuk-hint" id="service-hint">Choose one.</div>
						<div class="nhsuk-radios">
							<input class="nhsuk-radios__input" id="service" name="service" type="radio" value="gp" checked="" />
							<label class="nhsuk-label nhsuk-radios__label" for="service">GP</label>
							<input class="nhsuk-radios__input" id="service-2" name="service" type="radio" value="nurse" />
							<label class="nhsuk-label nhsuk-radios__label" for="service-2">Nurse</label>
						</div>
					</fieldset>
				</div>
				<div class="nhsuk-checkboxes">
					<input class="nhsuk-checkboxes__input" id="needs" name="needs" type="checkbox" value="bsl" />
					<label class="nhsuk-label nhsuk-checkboxes__label" for="needs">BSL</label>
					<input class="nhsuk-checkboxes__input" id="needs-2" name="needs" type="checkbox" value="loop" />
					<label class="nhsuk-label nhsuk-checkboxes__label" for="needs-2">Hearing loop</label>
				</div>
				<p>Call <a class="joined-up-tel" href="tel:+442079460000">020&nbsp;7946&nbsp;0000</a>.</p>
				<p id="joined-up-update" hidden="">A newer version is ready.</p>
				<button type="submit" class="nhsuk-button">Continue</button>
			</form>`);
		expect(await htmlProblems(html)).toEqual([]);
	});

	it('rejects a duplicate id, a button with no type, a name used twice and a breakable number', async () => {
		const html = page(`
			<h1>Who may act for you</h1>
			<div class="nhsuk-hint" id="service-hint">Choose one.</div>
			<div class="nhsuk-hint" id="service-hint">Choose one.</div>
			<form method="POST">
				<input type="text" name="relationship" aria-label="Relationship" />
				<input type="text" name="relationship" aria-label="Relationship again" />
				<p>Call <a href="tel:+442079460000">020 7946 0000</a>.</p>
				<button class="nhsuk-button">Save</button>
			</form>`);
		const rules = (await htmlProblems(html)).map((problem) => problem.rule);
		expect(rules).toEqual(
			expect.arrayContaining([
				'no-dup-id',
				'no-implicit-button-type',
				'form-dup-name',
				'tel-non-breaking'
			])
		);
	});

	it('says where each problem is: its rule, line and selector', async () => {
		const problems = await htmlProblems(page('<button>Save</button>'));
		expect(problems).toEqual([
			{
				rule: 'no-implicit-button-type',
				line: 11,
				selector: '#maincontent > button',
				message: expect.stringContaining('type')
			}
		]);
	});
});
