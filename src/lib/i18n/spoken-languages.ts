// Spoken languages people may need an interpreter for, each named in its own language (so a
// person can find theirs without reading English) and in English (for the staff who book the
// interpreter). British Sign Language is asked separately, as a need of its own.

export type SpokenLanguage = { code: string; english: string; own: string };

export const spokenLanguages: readonly SpokenLanguage[] = [
	{ code: 'sq', english: 'Albanian', own: 'Shqip' },
	{ code: 'am', english: 'Amharic', own: 'አማርኛ' },
	{ code: 'ar', english: 'Arabic', own: 'العربية' },
	{ code: 'bn', english: 'Bengali', own: 'বাংলা' },
	{ code: 'bg', english: 'Bulgarian', own: 'Български' },
	{ code: 'my', english: 'Burmese', own: 'မြန်မာ' },
	{ code: 'yue', english: 'Cantonese', own: '廣東話' },
	{ code: 'hr', english: 'Croatian', own: 'Hrvatski' },
	{ code: 'cs', english: 'Czech', own: 'Čeština' },
	{ code: 'prs', english: 'Dari', own: 'دری' },
	{ code: 'nl', english: 'Dutch', own: 'Nederlands' },
	{ code: 'fa', english: 'Farsi', own: 'فارسی' },
	{ code: 'fr', english: 'French', own: 'Français' },
	{ code: 'de', english: 'German', own: 'Deutsch' },
	{ code: 'el', english: 'Greek', own: 'Ελληνικά' },
	{ code: 'gu', english: 'Gujarati', own: 'ગુજરાતી' },
	{ code: 'he', english: 'Hebrew', own: 'עברית' },
	{ code: 'hi', english: 'Hindi', own: 'हिन्दी' },
	{ code: 'hu', english: 'Hungarian', own: 'Magyar' },
	{ code: 'ig', english: 'Igbo', own: 'Igbo' },
	{ code: 'it', english: 'Italian', own: 'Italiano' },
	{ code: 'ja', english: 'Japanese', own: '日本語' },
	{ code: 'ku', english: 'Kurdish (Kurmanji)', own: 'Kurmancî' },
	{ code: 'ckb', english: 'Kurdish (Sorani)', own: 'کوردی' },
	{ code: 'lv', english: 'Latvian', own: 'Latviešu' },
	{ code: 'ln', english: 'Lingala', own: 'Lingála' },
	{ code: 'lt', english: 'Lithuanian', own: 'Lietuvių' },
	{ code: 'ml', english: 'Malayalam', own: 'മലയാളം' },
	{ code: 'cmn', english: 'Mandarin', own: '普通话' },
	{ code: 'ne', english: 'Nepali', own: 'नेपाली' },
	{ code: 'ps', english: 'Pashto', own: 'پښتو' },
	{ code: 'pl', english: 'Polish', own: 'Polski' },
	{ code: 'pt', english: 'Portuguese', own: 'Português' },
	{ code: 'pa', english: 'Punjabi', own: 'ਪੰਜਾਬੀ' },
	{ code: 'ro', english: 'Romanian', own: 'Română' },
	{ code: 'ru', english: 'Russian', own: 'Русский' },
	{ code: 'sr', english: 'Serbian', own: 'Српски' },
	{ code: 'si', english: 'Sinhala', own: 'සිංහල' },
	{ code: 'sk', english: 'Slovak', own: 'Slovenčina' },
	{ code: 'so', english: 'Somali', own: 'Soomaali' },
	{ code: 'es', english: 'Spanish', own: 'Español' },
	{ code: 'sw', english: 'Swahili', own: 'Kiswahili' },
	{ code: 'syl', english: 'Sylheti', own: 'সিলেটি' },
	{ code: 'ta', english: 'Tamil', own: 'தமிழ்' },
	{ code: 'te', english: 'Telugu', own: 'తెలుగు' },
	{ code: 'ti', english: 'Tigrinya', own: 'ትግርኛ' },
	{ code: 'tr', english: 'Turkish', own: 'Türkçe' },
	{ code: 'tw', english: 'Twi', own: 'Twi' },
	{ code: 'uk', english: 'Ukrainian', own: 'Українська' },
	{ code: 'ur', english: 'Urdu', own: 'اردو' },
	{ code: 'vi', english: 'Vietnamese', own: 'Tiếng Việt' },
	{ code: 'yo', english: 'Yoruba', own: 'Yorùbá' }
];

export function spokenLanguage(code: string | null | undefined): SpokenLanguage | undefined {
	return spokenLanguages.find((language) => language.code === code);
}
