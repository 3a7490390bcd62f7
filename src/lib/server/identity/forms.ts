// What a resident types to find their own record, and the code they are sent; and what staff or
// a link worker type to link a resident's account in person.
import * as v from 'valibot';
import { postcodePattern } from '../assist/forms';
import { parseNhsNumber } from '../assist/nhs-number';
import { dateInput, requiredText } from '../forms';
import { normaliseRecordCode } from './find-my-record';

const nameField = (missingKey: string) =>
	v.pipe(requiredText(missingKey), v.maxLength(100, missingKey));

export const ownDetails = v.object({
	givenName: nameField('yourRecord.errors.givenName'),
	familyName: nameField('yourRecord.errors.familyName'),
	dateOfBirth: dateInput('yourRecord.errors.dateOfBirth'),
	postcode: v.pipe(
		requiredText('yourRecord.errors.postcode'),
		v.regex(postcodePattern, 'assist.errors.postcodeInvalid')
	),
	nhsNumber: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.check((typed) => typed === '' || parseNhsNumber(typed) !== null, 'assist.errors.nhsNumber'),
		v.transform((typed) => (typed === '' ? null : parseNhsNumber(typed)))
	)
});

export const recordCodeForm = v.object({
	code: v.pipe(
		requiredText('yourRecord.errors.codeMissing'),
		v.check((typed) => normaliseRecordCode(typed) !== null, 'yourRecord.errors.codeInvalid')
	)
});

export const inPersonLinkForm = v.object({
	identifier: requiredText('people.errors.identifierMissing'),
	checks: v.pipe(
		requiredText('inPerson.errors.checks'),
		v.maxLength(1000, 'inPerson.errors.tooLong')
	)
});
