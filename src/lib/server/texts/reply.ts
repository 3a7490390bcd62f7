// What a text message someone sent us says, read loosely: one number, or one of the words the
// person's language (or English) has for keep, cancel, help, stop and start. Pure: it never
// throws, whatever arrives, and reads a bounded amount of it. Whether the reply answers anything
// (and for whom) is the conversation's business, not this reader's.
import { translatorFor } from '$lib/i18n';
import { defaultLanguage, type LanguageCode } from '$lib/i18n/languages';

export type ReplyWord = 'keep' | 'cancel' | 'help' | 'stop' | 'start';

export type ReadReply =
	/** A whole reply that is one number of one or two digits, in any script's digits. */
	{ kind: 'number'; value: number } | { kind: ReplyWord } | { kind: 'unknown' };

const replyWords: readonly ReplyWord[] = ['keep', 'cancel', 'help', 'stop', 'start'];

/**
 * The longest reply read: one text's worth. A longer one is not a one-word answer, and reading
 * no further bounds the work whatever is sent.
 */
const longestReply = 160;

/**
 * The zero of each run of decimal digits a phone may send: ASCII, Arabic-Indic, Extended
 * Arabic-Indic (Persian, Urdu), N'Ko, Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil,
 * Telugu, Kannada, Malayalam, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian. Full-width and
 * mathematical digits become ASCII under NFKC before this is read.
 */
const digitZeros = [
	0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50,
	0xed0, 0xf20, 0x1040, 0x17e0, 0x1810
];

/** The digit's value and its run's zero, or null for a digit outside the table. */
function digit(character: string): { value: number; zero: number } | null {
	const point = character.codePointAt(0) ?? 0;
	const zero = digitZeros.find((candidate) => point >= candidate && point - candidate <= 9);
	return zero === undefined ? null : { value: point - zero, zero };
}

/**
 * The words of a reply, each lower case, with everything else taken out: punctuation, symbols
 * and emoji (with their variation selectors and keycaps, so "2️⃣" is "2"), control and format
 * characters, and Arabic's short vowels and elongation; Arabic letters written in more than one
 * way (أ إ آ ا, ى ي) are made one. Runs of spaces separate words.
 */
function wordsOf(text: string, locale: string): string[] {
	return text
		.normalize('NFKC')
		.toLocaleLowerCase(locale)
		.replace(/[\u064b-\u065f\u0670\u0640]/gu, '')
		.replace(/[أإآ]/gu, 'ا')
		.replace(/ى/gu, 'ي')
		.replace(/[\p{P}\p{S}\p{C}\p{Z}\s\u{fe00}-\u{fe0f}\u{20e3}\u{e0020}-\u{e007f}]+/gu, ' ')
		.trim()
		.split(' ')
		.filter((word) => word !== '');
}

/** How a language's words are lower-cased: Turkish and Lithuanian have rules of their own. */
const localeOf = (language: LanguageCode) => (language === 'zh-Hans' ? 'zh' : language);

/** Each language's words, normalised as replies are, by the kind they mean. */
const wordsByLanguage = new Map<LanguageCode, Map<string, ReplyWord>>();

function wordsFor(language: LanguageCode): Map<string, ReplyWord> {
	let words = wordsByLanguage.get(language);
	if (!words) {
		const t = translatorFor(language);
		words = new Map();
		for (const kind of replyWords) {
			for (const word of t(`texts.words.${kind}`).split('|')) {
				const normalised = wordsOf(word, localeOf(language)).join(' ');
				if (normalised !== '' && !words.has(normalised)) words.set(normalised, kind);
			}
		}
		wordsByLanguage.set(language, words);
	}
	return words;
}

/** The number a reply is, when it is one word of one or two digits all from one script. */
function numberOf(word: string): number | null {
	const characters = [...word];
	if (characters.length > 2 || !characters.every((character) => /\p{Nd}/u.test(character))) {
		return null;
	}
	const digits = characters.map(digit);
	if (digits.some((found) => found === null || found.zero !== digits[0]?.zero)) return null;
	return digits.reduce((value, found) => value * 10 + (found?.value ?? 0), 0);
}

/**
 * What a reply says. A number only when it is the whole reply ("2", " 2. ", "٢"); a word only
 * when the reply is that word and nothing else ("Cancel.", not "please cancel it", and not "stop
 * texting me": mobile networks also act on a keyword only when it is all there is). The person's
 * own language is tried first, then English. A reply that is only question marks asks for help.
 */
export function readReply(body: string, language: LanguageCode): ReadReply {
	const text = body.slice(0, longestReply * 2);
	if ([...text.trim()].length > longestReply) return { kind: 'unknown' };
	const words = wordsOf(text, localeOf(language));
	if (words.length === 0) {
		return /^[\s?？؟]*[?？؟][\s?？؟]*$/u.test(text) ? { kind: 'help' } : { kind: 'unknown' };
	}
	if (words.length === 1) {
		const value = numberOf(words[0] ?? '');
		if (value !== null) return { kind: 'number', value };
	}
	const reply = words.join(' ');
	// "IPTAL" typed without Turkish letters is lower-cased as "ıptal" in Turkish: try both.
	const asWritten = wordsOf(text, defaultLanguage).join(' ');
	for (const words of [wordsFor(language), wordsFor(defaultLanguage)]) {
		const kind = words.get(reply) ?? words.get(asWritten);
		if (kind) return { kind };
	}
	return { kind: 'unknown' };
}
