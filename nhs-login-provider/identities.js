// The people the local provider can sign in as. Made up, like everyone in the demo: NHS numbers
// pass the modulus 11 check but are not real; mobiles are from Ofcom's drama range.
//
// `level` is the identity proofing level the person has proved at NHS login: P9 (high: photo ID
// and a face scan, or linked in person), P5 (medium: details matched to the NHS register), P0
// (low: an email address and a phone only, no NHS number or demographics shared).

/** @typedef {{ sub: string, label: string, level: 'P0' | 'P5' | 'P9', nhs_number?: string, given_name?: string, family_name?: string, birthdate?: string, email: string, phone_number: string }} Identity */

/** @type {Identity[]} */
export const identities = [
	{
		sub: 'a1c0e6f2-0b7e-4b55-9d1a-hodan0000p9',
		label: 'Hodan Warsame (P9, in the register)',
		level: 'P9',
		nhs_number: '9434765935',
		given_name: 'Hodan',
		family_name: 'Warsame',
		birthdate: '1991-04-09',
		email: 'hodan.warsame@example.org',
		phone_number: '+447700900311'
	},
	{
		sub: '6f7a3c11-52d4-4e3f-8a77-tomasz000p5',
		label: 'Tomasz Nowak (P5, in the register)',
		level: 'P5',
		nhs_number: '9434765943',
		given_name: 'Tomasz',
		family_name: 'Nowak',
		birthdate: '1968-02-11',
		email: 'tomasz.nowak@example.org',
		phone_number: '+447700900312'
	},
	{
		sub: '0d1e2f3a-9c8b-4a7d-b6e5-daniel000p9',
		label: 'Daniel Ofori (P9, in the register, has a password account and cares for Grace)',
		level: 'P9',
		nhs_number: '9434765870',
		given_name: 'Daniel',
		family_name: 'Ofori',
		birthdate: '1976-09-02',
		email: 'daniel.ofori@example.org',
		phone_number: '+447700900313'
	},
	{
		sub: '7b8c9d0e-1f2a-4b3c-8d4e-priya0000p9',
		label: 'Priya Shah (P9, not in the register)',
		level: 'P9',
		nhs_number: '9434765951',
		given_name: 'Priya',
		family_name: 'Shah',
		birthdate: '1995-12-03',
		email: 'priya.shah@example.org',
		phone_number: '+447700900314'
	},
	{
		sub: '3e4f5a6b-7c8d-4e9f-a0b1-alex00000p0',
		label: 'Alex Morgan (P0: email and phone only)',
		level: 'P0',
		email: 'alex.morgan@example.org',
		phone_number: '+447700900315'
	}
];
