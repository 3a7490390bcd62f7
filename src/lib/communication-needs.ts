// The communication needs and ways of contact people can choose, shared by the database schema
// and the page that asks (which cannot import server code).

export const communicationNeedKinds = [
	'bsl',
	'easy_read',
	'large_print',
	'braille',
	'audio',
	'text_relay',
	'someone_with_me',
	'step_free_access',
	'hearing_loop',
	'longer_appointments'
] as const;
export type CommunicationNeedKind = (typeof communicationNeedKinds)[number];

/** How a person would like us to contact them (the Accessible Information Standard's "how"). */
export const reachMethods = ['phone', 'sms', 'email', 'letter', 'carer', 'link_worker'] as const;
export type ReachMethod = (typeof reachMethods)[number];
