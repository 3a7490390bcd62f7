// The resident's details, as a link worker or staff member types them when searching for a
// resident or registering one.
import * as v from 'valibot';
import { offlineReachMethods } from '../db/schema';
import { dateInput, oneOf, requiredText } from '../forms';
import { parseNhsNumber } from './nhs-number';

/** A full UK postcode, as people write it: `E20 1QP`, `e201qp`. */
export const postcodePattern = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

const nameField = (missingKey: string) =>
	v.pipe(requiredText(missingKey), v.maxLength(100, missingKey));

export const residentDetails = v.object({
	givenName: nameField('assist.errors.givenName'),
	familyName: nameField('assist.errors.familyName'),
	dateOfBirth: dateInput('assist.errors.dateOfBirth'),
	postcode: v.pipe(
		requiredText('assist.errors.postcode'),
		v.regex(postcodePattern, 'assist.errors.postcodeInvalid')
	)
});

/** An NHS number that may be left out; when typed, it must pass its modulus 11 check. */
export const optionalNhsNumber = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.check((typed) => typed === '' || parseNhsNumber(typed) !== null, 'assist.errors.nhsNumber'),
	v.transform((typed) => (typed === '' ? null : parseNhsNumber(typed)))
);

export const newResident = v.pipe(
	v.object({
		...residentDetails.entries,
		nhsNumber: optionalNhsNumber,
		reachBy: oneOf(offlineReachMethods, 'assist.errors.reachBy'),
		// At most five lines: with the name and postcode, a letter's address fits Notify's seven.
		address: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(300, 'assist.errors.address'),
			v.check((address) => address.split(/\r?\n/).length <= 5, 'assist.errors.address')
		)
	}),
	// A letter needs somewhere to go.
	v.forward(
		v.check(
			(resident) => resident.reachBy !== 'letter' || resident.address !== '',
			'assist.errors.address'
		),
		['address']
	),
	v.transform((resident) => ({ ...resident, address: resident.address || null }))
);
