// How long a text message is, as GOV.UK Notify counts it and charges for it. Pure: no I/O.
//
// Ported from alphagov/notifications-utils (notifications_utils/sanitise_text.py `SanitiseSMS`
// and template.py `BaseSMSTemplate.fragment_count`, as of August 2026), which is what Notify runs
// before it hands a text to a mobile network:
// - whitespace is tidied (each line trimmed, runs of spaces made one, at most one blank line);
// - characters outside the GSM 03.38 alphabet are "downgraded" where they can be: curly quotes
//   to straight ones, dashes to "-", "…" to "...", accented letters to their base letter
//   (except the Welsh accented letters, which are kept);
// - a text in the GSM alphabet takes 160 characters in one fragment, 153 a fragment when
//   longer, and `^ { } \ [ ~ ] | €` count twice; a text with a Welsh letter outside GSM goes
//   as UCS-2: 70 in one fragment, 67 a fragment when longer, counted in UTF-16 code units.
// - Anything else (Arabic, Bengali, Chinese, Gujarati, Gurmukhi, Tamil, Urdu, emoji, Turkish
//   "ı") Notify cannot send today: it sends a "?" in its place. Such a text is counted here as a
//   network would charge it written as it is, in UCS-2, and the characters are listed, so that a
//   caller (and the test of every message) can see both what it costs and what Notify would lose.

/** The most fragments a text of ours may cost, in any language (issue 22). */
export const maxTextFragments = 3;

/** The GSM 03.38 default alphabet. */
const gsmBasic = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
		'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
);

/** The GSM extension table: each is sent as an escape and a character, so counts twice. */
const gsmExtended = new Set('^{}\\[~]|€');

/** Welsh letters Notify keeps; those outside GSM make the whole text UCS-2. */
const welsh = new Set('àèìòùẁỳÀÈÌÒÙẀỲáéíóúẃýÁÉÍÓÚẂÝäëïöüẅÿÄËÏÖÜẄŸâêîôûŵŷÂÊÎÔÛŴŶ'.normalize('NFC'));

const allowed = (c: string) => gsmBasic.has(c) || gsmExtended.has(c) || welsh.has(c);

/** Notify's own replacements, for characters whose decomposition does not help. */
const replacements: Record<string, string> = {
	'\u2011': '-',
	'\u2013': '-',
	'\u2014': '-',
	'\u2212': '-',
	'\u2026': '...',
	'\u2018': "'",
	'\u2019': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u201a': "'",
	'\u201e': '"',
	'\u180e': '',
	'\u200b': '',
	'\u200c': '',
	'\u200d': '',
	'\u2060': '',
	'\ufeff': '',
	'\u2028': '',
	'\u2029': '',
	'\u00a0': ' ',
	'\u202f': ' ',
	'\t': ' ',
	Ł: 'L',
	ł: 'l'
};

/**
 * The first character of a character's canonical decomposition, one level deep, as Python's
 * `unicodedata.decomposition` gives it ("ệ" → "ẹ", "ś" → "s"); null when it has none. Hangul
 * syllables decompose by rule, not in the table Python reads, so they have none here either.
 */
function decompositionBase(c: string): string | null {
	const full = c.normalize('NFD');
	if (full === c || /[\uac00-\ud7a3]/.test(c)) return null;
	// One level: all of it but the last combining mark, composed again.
	const base = full.replace(/\p{M}$/u, '').normalize('NFC');
	return [...base][0] ?? null;
}

/** A character as Notify sends it, or null when it cannot (Notify sends "?"). */
function downgraded(c: string): string | null {
	if (allowed(c)) return c;
	const base = decompositionBase(c);
	if (base !== null) return allowed(base) ? base : null;
	return replacements[c] ?? null;
}

/** What Python's `str.splitlines` breaks lines at (Notify splits with it). */
const lineBreaks = new Set([
	'\n',
	'\r',
	'\v',
	'\f',
	'\u001c',
	'\u001d',
	'\u001e',
	'\u0085',
	'\u2028',
	'\u2029'
]);

function splitLines(text: string): string[] {
	const lines = [''];
	for (let index = 0; index < text.length; index++) {
		const c = text[index] ?? '';
		if (!lineBreaks.has(c)) lines[lines.length - 1] += c;
		else if (!(c === '\r' && text[index + 1] === '\n')) lines.push('');
	}
	return lines;
}

/** Whitespace as Notify tidies it before counting and sending. */
function tidied(text: string): string {
	const lines = splitLines(text).map((line) =>
		line
			.replace(/[\u180e\u200b-\u200d\u2060\ufeff]/g, '')
			.replace(/[\s\u00a0\u202f]+/g, ' ')
			.trim()
	);
	return lines
		.join('\n')
		.replace(/(?<![ \t])[ \t]+([,.])/g, '$1')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export type TextLength = {
	/** How the text goes to the network. */
	encoding: 'gsm' | 'ucs2';
	/** Characters as charged: GSM septets (extension characters twice), or UTF-16 code units. */
	characters: number;
	/** Fragments charged: 160 (UCS-2: 70) in one, 153 (UCS-2: 67) a fragment beyond that. */
	fragments: number;
	/** Characters Notify cannot send today (it puts "?" in their place), each once. */
	notSentByNotify: string[];
};

/**
 * How long a text message is and how many fragments it costs. `prefix` is the name Notify puts
 * before every text ("Joined Up: …") when the service has that setting on: it is counted too.
 */
export function textLength(text: string, prefix: string | null = null): TextLength {
	const content = tidied(prefix ? `${prefix.trim()}: ${text}` : text);
	const notSent = new Set<string>();
	let sent = '';
	for (const c of content) {
		const gsm = downgraded(c);
		if (gsm === null) notSent.add(c);
		sent += gsm ?? c;
	}
	const ucs2 = notSent.size > 0 || [...sent].some((c) => !gsmBasic.has(c) && !gsmExtended.has(c));
	const characters = ucs2
		? sent.length
		: [...sent].reduce((count, c) => count + (gsmExtended.has(c) ? 2 : 1), 0);
	const [single, multi] = ucs2 ? [70, 67] : [160, 153];
	return {
		encoding: ucs2 ? 'ucs2' : 'gsm',
		characters,
		fragments: characters === 0 ? 0 : characters <= single ? 1 : Math.ceil(characters / multi),
		notSentByNotify: [...notSent]
	};
}
