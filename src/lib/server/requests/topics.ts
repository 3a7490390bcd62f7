// Which services can help with what a request is about: the one place a topic meets the kinds of
// care that fit it. A question about medicines goes to those who prescribe or review them, never
// to the flu vaccination clinic.
import type { RequestTopic } from '$lib/contact-requests';
import { serviceKinds, type ServiceKind } from '../db/schema';

const clinical: ServiceKind[] = ['gp', 'nursing', 'specialist_clinic'];

/** The kinds of service that fit each topic; "something else" fits every kind. */
export const serviceKindsFor: Record<RequestTopic, readonly ServiceKind[]> = {
	new_problem: ['gp', 'nursing', 'therapy', 'mental_health', 'social_prescribing'],
	ongoing_condition: [
		...clinical,
		'hearing',
		'therapy',
		'mental_health',
		'social_care',
		'social_prescribing'
	],
	medicines: [...clinical, 'mental_health'],
	test_results: [...clinical, 'hearing'],
	care_plan: serviceKinds.filter((kind) => kind !== 'vaccination'),
	support_at_home: ['gp', 'nursing', 'therapy', 'social_care', 'social_prescribing'],
	something_else: serviceKinds
};

/** Whether a service of this kind can help with the topic; one of no recorded kind may help with any. */
export function fitsTopic(kind: ServiceKind | null, topic: RequestTopic): boolean {
	return kind === null || serviceKindsFor[topic].includes(kind);
}
