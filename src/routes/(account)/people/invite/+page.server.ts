import { error, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/server/web/forms';
import type { FieldError } from '$lib/forms';
import { may } from '$lib/server/access/policy';
import { parseIdentifier } from '$lib/server/identifier';
import { readPermissions } from '$lib/server/people/forms';
import { invite, takeInvitationTry } from '$lib/server/people/people';
import { saveInvitationShown } from '$lib/server/web/invitation-shown';
import { recordSecurityEvent } from '$lib/server/security-log';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!may(locals, 'people.manage')) error(404, 'not found');
};

export const actions: Actions = {
	default: async ({ locals, request, cookies, url, getClientAddress }) => {
		if (!may(locals, 'people.manage')) error(404, 'not found');
		const form = await request.formData();
		const typed = String(form.get('identifier') ?? '').trim();
		const invited = parseIdentifier(typed);
		const { grant, errors } = readPermissions(form);
		const problems: FieldError[] = [];
		const own =
			locals.user && [locals.user.email, locals.user.mobile].includes(invited?.value ?? '');
		if (!typed) problems.push({ field: 'identifier', message: 'people.errors.identifierMissing' });
		else if (!invited)
			problems.push({ field: 'identifier', message: 'people.errors.identifierInvalid' });
		else if (own) problems.push({ field: 'identifier', message: 'people.errors.ownIdentifier' });
		problems.push(...errors);
		if (!invited || problems.length > 0) {
			return formFailure(problems, { values: { identifier: typed }, grant });
		}
		// Held back per person's care and per address invited, so nobody is sent a flood of them.
		const heldBack = await takeInvitationTry(locals.subject!.patientId, invited);
		if (heldBack) {
			await recordSecurityEvent('held_back', {
				userId: locals.actor!.userId,
				address: getClientAddress(),
				reason: heldBack === 'fromPatient' ? 'invitation_sent' : 'invitation_to'
			});
			const message =
				heldBack === 'fromPatient'
					? 'people.errors.tooManyInvitations'
					: 'people.errors.tooManyInvitationsTo';
			return formFailure(
				{ field: 'identifier', message },
				{ values: { identifier: typed }, grant },
				429
			);
		}
		const result = await invite(locals, invited, grant, locals.lang);
		if (!result.ok) error(404, 'not found');
		saveInvitationShown(
			cookies,
			url,
			{
				code: result.code,
				identifier: typed,
				expiresAt: result.expiresAt.getTime()
			},
			'/people/invited'
		);
		redirect(303, '/people/invited');
	}
};
