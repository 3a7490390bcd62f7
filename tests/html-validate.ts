// Valid HTML: html-validate's recommended rules over every page the end-to-end suite visits (see
// fixtures.ts, which runs this wherever it runs axe). This file is the one place its rules are
// chosen; each rule relaxed here says why. Only a rule that conflicts with NHS.UK frontend's own
// markup or with what Svelte and SvelteKit write may be relaxed: a real defect is fixed in the page.
import { HtmlValidate, StaticConfigLoader, type ConfigData, type Message } from 'html-validate';

export const htmlValidateConfig: ConfigData = {
	// No .htmlvalidate.json anywhere is read: this is the whole configuration.
	root: true,
	extends: ['html-validate:recommended'],
	rules: {
		// Svelte writes void elements as its templates do (`<input />`, as NHS.UK's own templates
		// are written), while SvelteKit writes the stylesheet links it adds to the head as `<link>`:
		// one page holds both forms, and both are valid HTML.
		'void-style': 'off',
		// SvelteKit's app.html template starts `<!doctype html>`, in lower case.
		'doctype-style': ['error', { style: 'lowercase' }],
		// Svelte's server rendering writes a boolean attribute that is true as `name=""` (`checked=""`,
		// `hidden=""`, `novalidate=""`), whatever the template says: that form, and only that one.
		'attribute-boolean-style': ['error', { style: 'empty' }],
		'attribute-empty-style': ['error', { style: 'empty' }],
		// NHS.UK's checkboxes give every box in a group the same name, as radios are (the form sends
		// each ticked value); html-validate shares a name between radios only, unless told.
		'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
		// NHS.UK's button component makes a link that looks like a button (a start button) an
		// `<a role="button" draggable="false">`: the role is NHS.UK's markup, kept as it writes it.
		'prefer-native-element': ['error', { exclude: ['button'] }],
		// A title is the page's heading then " – Joined Up" (and " – for Grace Ofori" while acting
		// for someone), as NHS.UK's service manual sets titles, and headings hold people's names or
		// email addresses. The rule's reason, that search engines cut long titles, is no reason for
		// pages only a signed-in person sees; axe checks every page has a title.
		'long-title': 'off',
		// NHS.UK's responsive table writes role="table", "row", "columnheader" and "cell" on the
		// table's own elements: on a small screen its CSS sets them display: block, and browsers then
		// drop their table semantics for screen readers unless the roles are written out.
		'no-redundant-role': 'off'
	}
};

const validator = new HtmlValidate(new StaticConfigLoader(htmlValidateConfig));

/** One finding, as a test failure shows it: the rule, where, and what. */
export type HtmlProblem = { rule: string; line: number; selector: string | null; message: string };

/** Validates a whole document (as the server sent it) and returns what it finds, if anything. */
export async function htmlProblems(html: string, url = 'page.html'): Promise<HtmlProblem[]> {
	const report = await validator.validateString(html, url);
	return report.results
		.flatMap((result) => result.messages)
		.map((message: Message) => ({
			rule: message.ruleId,
			line: message.line,
			selector: message.selector,
			message: message.message
		}));
}
