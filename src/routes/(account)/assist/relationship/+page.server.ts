import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import type { FieldError } from '$lib/forms';
import { isCalendarDate } from '$lib/time';
import { mayInPerson } from '$lib/server/access/policy';
import { foundOrBack } from '$lib/server/web/found-resident';
import { parseIdentifier } from '$lib/server/identifier';
import { oneOf, parseForm, requiredText } from '$lib/server/forms';
import { formFailure } from '$lib/server/web/forms';
import { readPermissions } from '$lib/server/people/forms';
import {
	proxyKinds,
	recordRelationship,
	relationshipsOf,
	reviewDateRange
} from '$lib/server/people/in-person';
import { saveInvitationShown } from '$lib/server/web/invitation-shown';
import type { Actions, PageServerLoad } from './$types';

const longText = (missingKey: string) =>
	v.pipe(requiredText(missingKey), v.maxLength(1000, 'inPerson.errors.tooLong'));

function recordSchema(now: Date) {
	const { earliest, latest } = reviewDateRange(now);
	return v.object({
		kind: oneOf(proxyKinds, 'inPerson.errors.kind'),
		identifier: requiredText('people.errors.identifierMissing'),
		checks: longText('inPerson.errors.checks'),
		reason: longText('inPerson.errors.reason'),
		reviewOn: v.pipe(
			v.optional(v.string(), ''),
			v.isoDate('inPerson.errors.reviewOn'),
			v.check(
				(date) => isCalendarDate(date) && date >= earliest && date <= latest,
				'inPerson.errors.reviewOn'
			)
		)
	});
}

const refusals = {
	'too-old-for-parent': { field: 'kind', message: 'inPerson.errors.tooOldForParent' },
	'renewal-needed': { field: 'kind', message: 'inPerson.errors.renewalNeeded' }
} as const;

async function recorderOrBack(locals: App.Locals) {
	if (!mayInPerson(locals.actor, 'relationships.record')) error(403, 'forbidden');
	return await foundOrBack(locals);
}

export const load: PageServerLoad = async ({ locals }) => {
	const resident = await recorderOrBack(locals);
	return {
		resident,
		relationships: await relationshipsOf(locals.actor, resident.id),
		mayRenew: mayInPerson(locals.actor, 'relationships.renew'),
		reviewRange: reviewDateRange()
	};
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, url }) => {
		const resident = await recorderOrBack(locals);
		const data = await request.formData();
		const form = parseForm(recordSchema(new Date()), data);
		const { grant, errors: permissionErrors } = readPermissions(data);
		const errors: FieldError[] = form.ok ? [] : [...form.errors];
		const typed = String(data.get('identifier') ?? '').trim();
		const invited = parseIdentifier(typed);
		if (typed && !invited) {
			errors.push({ field: 'identifier', message: 'people.errors.identifierInvalid' });
		}
		// Whoever records a relationship cannot name themself: that would be access without a check.
		const own =
			locals.user && [locals.user.email, locals.user.mobile].includes(invited?.value ?? '');
		if (own) errors.push({ field: 'identifier', message: 'inPerson.errors.ownIdentifier' });
		errors.push(...permissionErrors);
		const values = form.ok ? { ...form.data, identifier: typed } : form.values;
		if (!form.ok || !invited || errors.length > 0) {
			return formFailure(errors, { values, grant });
		}
		const result = await recordRelationship(
			locals.actor!,
			resident.id,
			{ ...form.data, invited, grant },
			locals.lang
		);
		if (!result.ok) {
			if (result.reason === 'not-allowed') error(403, 'forbidden');
			return formFailure(refusals[result.reason], { values, grant });
		}
		saveInvitationShown(
			cookies,
			url,
			{ code: result.code, identifier: typed, expiresAt: result.expiresAt.getTime() },
			'/assist/relationship/recorded'
		);
		redirect(303, '/assist/relationship/recorded');
	}
};
