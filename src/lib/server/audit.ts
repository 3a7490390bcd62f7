// The activity log: one row for every change to a person's care or account, written in the same
// transaction as the change. Rows can never be updated or deleted (see the migration's triggers).
import type { Db } from './db';
import { tables } from './db';
import type { ActingContext } from './access';

export const activityActions = [
	'account.registered',
	'account.language_changed',
	'appointment.booked',
	'appointment.cancelled',
	'appointment.rescheduled',
	'appointment.attended',
	'appointment.did_not_attend'
] as const;
export type ActivityAction = (typeof activityActions)[number];

type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];
type Detail = Record<string, string | number | boolean | null>;

export function recordActivity(
	db: Executor,
	context: ActingContext,
	action: ActivityAction,
	detail?: Detail
): void {
	db.insert(tables.activityLog)
		.values({
			actorUserId: context.actor?.userId ?? null,
			subjectPatientId: context.subject?.patientId ?? null,
			via: context.via,
			action,
			detail: detail ?? null
		})
		.run();
}
