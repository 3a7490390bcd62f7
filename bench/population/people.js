// People's details from @faker-js/faker, seeded: names drawn from the communities of a London
// ICS (and the language each speaks), dates of birth, addresses, postcodes, phone numbers.
import {
	Faker,
	base,
	en,
	en_AU,
	en_AU_ocker,
	en_GB,
	en_GH,
	en_IN,
	en_NG,
	es,
	fr,
	it,
	pl,
	pt_PT,
	ro,
	tr
} from '@faker-js/faker';
import { postcodeIn } from './catalogue.js';

// faker's en_GB locale has British places and postcodes but borrows its people's names from
// `en`, whose surnames read as made up; the common British surnames are in en_AU_ocker, and a
// minority of names come from the wider en_AU list.
const british = {
	first_name: en_AU.person.first_name,
	last_name: en_AU_ocker.person.last_name,
	last_name_pattern: en_AU_ocker.person.last_name_pattern
};
const wider = { ...british, last_name: en_AU.person.last_name };

/** A Faker for names of one community, with en_GB's places and numbers for the rest. */
const fakerOf = (person) => new Faker({ locale: [{ person }, en_GB, en, base] });

/**
 * The languages residents choose, with the share of residents (the rest English) and where
 * their names come from. Shares are those of a diverse London ICS.
 */
const languageShares = [
	['pl', 0.025, 'pl'],
	['bn', 0.02, 'south_asian'],
	['ur', 0.015, 'south_asian'],
	['ro', 0.015, 'ro'],
	['pa', 0.01, 'south_asian'],
	['gu', 0.008, 'south_asian'],
	['ar', 0.01, 'british'],
	['so', 0.007, 'british'],
	['tr', 0.008, 'tr'],
	['pt', 0.008, 'pt'],
	['es', 0.006, 'es'],
	['it', 0.005, 'it'],
	['fr', 0.005, 'fr'],
	['lt', 0.004, 'british'],
	['ta', 0.006, 'south_asian'],
	['zh-Hans', 0.004, 'british']
];

export function makePeople(seed) {
	const fakers = {
		british: fakerOf(british),
		wider: fakerOf(wider),
		south_asian: fakerOf(en_IN.person),
		west_african: fakerOf({ ...en_NG.person, last_name: en_GH.person.last_name }),
		pl: fakerOf(pl.person),
		ro: fakerOf(ro.person),
		tr: fakerOf(tr.person),
		pt: fakerOf(pt_PT.person),
		es: fakerOf(es.person),
		it: fakerOf(it.person),
		fr: fakerOf(fr.person)
	};
	Object.values(fakers).forEach((faker, index) => faker.seed(seed + index));
	const faker = fakers.british;

	/** The language of a new household and where its names come from. */
	function community() {
		let roll = faker.number.float();
		for (const [language, share, names] of languageShares) {
			if (roll < share) return { language, names };
			roll -= share;
		}
		const names =
			roll < 0.08
				? 'south_asian'
				: roll < 0.15
					? 'west_african'
					: roll < 0.25
						? 'wider'
						: 'british';
		return { language: 'en', names };
	}

	/** A household at one address in a borough: family name, address lines, postcode. */
	function household(borough) {
		const { language, names } = community();
		const namer = fakers[names];
		return {
			language,
			namer,
			familyName: namer.person.lastName(),
			address: `${faker.location.buildingNumber()} ${faker.location.street()}\n${borough.name}\nLondon`,
			postcode: postcodeIn(faker, faker.helpers.arrayElement(borough.districts))
		};
	}

	/** A first name for someone of that household, by sex. */
	const givenName = (home, sex) => home.namer.person.firstName(sex);

	/** A UK mobile number in E.164 form. */
	const mobile = () => `+447${faker.string.numeric(9)}`;

	return { faker, household, givenName, mobile };
}

/** The lower-case letters of a name, for an email address (Łucja → lucja, O'Neil → oneil). */
export function emailPart(name) {
	return name
		.normalize('NFD')
		.replace(/ł/gi, 'l')
		.toLowerCase()
		.replace(/[^a-z]/g, '');
}
