import {
	insightScope,
	may,
	mayFindOwnRecord,
	mayInPerson,
	mayStaff,
	mayStartCarePlan
} from '$lib/server/access/policy';
import { appointmentsOf } from '$lib/server/appointments/queries';
import { displayIdentifier } from '$lib/server/identifier';
import { nhsLoginConfigured } from '$lib/server/config';
import { subjectOf } from '$lib/server/patients';
import { actingForList } from '$lib/server/people/people';
import { openStatuses } from '$lib/server/requests/timeline';
import { requestsOf } from '$lib/server/requests/asking';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { account: null };
	const next = locals.subject ? (await appointmentsOf(locals)).upcoming[0] : undefined;
	// The greeting is for whoever is signed in; whose care it is may be someone else's.
	const own = locals.user.patientId ? await subjectOf(locals.user.patientId) : null;
	return {
		account: {
			identifier: displayIdentifier(locals.user),
			role: locals.user.role,
			givenName: own?.givenName ?? null,
			hasPatientRecord: locals.subject !== null,
			// Not linked to a record yet: the ways to reach it, in place of what needs one.
			findsOwnRecord: mayFindOwnRecord(locals.actor),
			nhsLogin: nhsLoginConfigured,
			nextAppointment: next ? { service: next.service, startsAt: next.startsAt } : null,
			actsForOthers: (await actingForList(locals.actor)).length > 0,
			readsOwnLog: may(locals, 'activity.view'),
			readsCarePlans: may(locals, 'care_plans.view'),
			makesRequests: may(locals, 'requests.make'),
			openRequests: (await requestsOf(locals)).filter((request) =>
				openStatuses.includes(request.status)
			).length,
			answersRequests: mayStaff(locals.actor, 'requests.manage', locals.actor?.organisationId),
			keepsCarePlans: mayStartCarePlan(locals.actor),
			meetsResidents: mayInPerson(locals.actor, 'residents.find'),
			managesDiary: mayStaff(locals.actor, 'diary.manage', locals.actor?.organisationId),
			readsOutbox: mayStaff(locals.actor, 'outbox.view'),
			readsSecurityLog: mayStaff(locals.actor, 'security_log.view'),
			managesSystems: mayStaff(locals.actor, 'fhir_clients.manage'),
			readsInsight: insightScope(locals.actor) !== null
		}
	};
};
