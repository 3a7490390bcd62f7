// The answers a request for face-to-face contact is made of, shared by the database schema and
// the pages that ask (which cannot import server code).

/** What a request is about, in a few words; the person says more in their own. */
export const requestTopics = [
	'new_problem',
	'ongoing_condition',
	'medicines',
	'test_results',
	'care_plan',
	'support_at_home',
	'something_else'
] as const;
export type RequestTopic = (typeof requestTopics)[number];

/** Where the person would like to meet. */
export const requestPlaces = ['service', 'home_visit', 'community_hub', 'no_preference'] as const;
export type RequestPlace = (typeof requestPlaces)[number];

/** Parts of the day that suit. */
export const dayParts = ['morning', 'afternoon'] as const;
export type DayPart = (typeof dayParts)[number];

/** Days of the week that suit: ISO weekdays, Monday (1) to Friday (5), when services are open. */
export const requestWeekdays = [1, 2, 3, 4, 5] as const;

/**
 * received: sent, nobody has picked it up; in_review: someone at the service is on it;
 * arranged: an appointment was booked for it; closed: finished without one (with a reason).
 */
export const requestStatuses = ['received', 'in_review', 'arranged', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** How staff filter their queue by status: open (received or in review) unless they choose. */
export const queueFilters = ['open', 'received', 'in_review', 'arranged', 'closed', 'all'] as const;
export type QueueFilter = (typeof queueFilters)[number];

/** Why a request was closed without an appointment. */
export const closeReasons = [
	'cancelled_by_patient',
	'handled_another_way',
	'no_longer_needed',
	'referred_elsewhere',
	'could_not_reach'
] as const;
export type CloseReason = (typeof closeReasons)[number];

/** The details someone gives about who they are, to be matched to a record by staff. */
export type StatedIdentity = {
	givenName: string;
	familyName: string;
	/** ISO date, YYYY-MM-DD. */
	dateOfBirth: string;
	postcode: string;
	nhsNumber: string | null;
};

/** Longest a request's own words, or a message, may be. */
export const requestTextMaxLength = 1000;
/** Longest the reason travelling is hard may be. */
export const travelReasonMaxLength = 500;
