// The directory: organisations, their places, their services and teams, and the services'
// diaries (Schedule and Slot). Nothing here is about a person, so any client allowed to read
// may read it.
import type { tables } from '../../db';
import { securityLabelsFor, ukCoreProfiles } from '../profiles';
import { deliveryChannel, homeVisitType, instant, joinedUpCodeSystems, reference } from './codes';

type Organisation = typeof tables.organisations.$inferSelect;
type Location = typeof tables.locations.$inferSelect;
type Service = typeof tables.services.$inferSelect;
type CareTeam = typeof tables.careTeams.$inferSelect;
type Slot = typeof tables.slots.$inferSelect;

const phone = (value: string) => ({ system: 'phone', value, use: 'work' });

export function organizationResource(organisation: Organisation) {
	return {
		resourceType: 'Organization' as const,
		id: String(organisation.id),
		meta: { profile: [ukCoreProfiles.Organization] },
		active: true,
		type: [
			{
				coding: [{ system: joinedUpCodeSystems.organisationKind, code: organisation.kind }]
			}
		],
		name: organisation.name,
		telecom: [phone(organisation.phone)],
		address: [{ district: organisation.borough, country: 'GB' }]
	};
}

export function locationResource(location: Location) {
	return {
		resourceType: 'Location' as const,
		id: String(location.id),
		meta: { profile: [ukCoreProfiles.Location] },
		status: 'active',
		mode: 'instance',
		name: location.name,
		address: {
			use: 'work',
			line: location.address.split('\n').filter(Boolean),
			postalCode: location.postcode,
			country: 'GB'
		},
		managingOrganization: reference('Organization', location.organisationId)
	};
}

/** A service's kind as a coding, for HealthcareService.type and Slot's search by service-type. */
export const serviceType = (service: Pick<Service, 'kind' | 'name'>) => ({
	...(service.kind
		? { coding: [{ system: joinedUpCodeSystems.serviceKind, code: service.kind }] }
		: {}),
	text: service.name
});

export function healthcareServiceResource(service: Service) {
	const security = securityLabelsFor(service.label);
	return {
		resourceType: 'HealthcareService' as const,
		id: String(service.id),
		meta: {
			profile: [ukCoreProfiles.HealthcareService],
			...(security.length ? { security } : {})
		},
		active: true,
		providedBy: reference('Organization', service.organisationId),
		type: [serviceType(service)],
		name: service.name,
		telecom: [phone(service.phone)]
	};
}

/**
 * A team within an organisation (community nursing, a ward): one CareTeam per team, not per
 * plan, as a plan's care team is a list of such teams with their roles (CarePlan.careTeam
 * points at each). It names no patient, so it is in the directory.
 */
export function careTeamResource(team: CareTeam) {
	return {
		resourceType: 'CareTeam' as const,
		id: String(team.id),
		meta: { profile: [ukCoreProfiles.CareTeam] },
		status: 'active',
		name: team.name,
		managingOrganization: [reference('Organization', team.organisationId)],
		telecom: [phone(team.phone)]
	};
}

/** A service's diary at one place: `{serviceId}-{locationId}`. */
export const scheduleId = (serviceId: number, locationId: number) => `${serviceId}-${locationId}`;

/** The service and place a Schedule id names; null when it is not one. */
export function parseScheduleId(id: string): { serviceId: number; locationId: number } | null {
	const match = /^(\d{1,15})-(\d{1,15})$/.exec(id);
	return match ? { serviceId: Number(match[1]), locationId: Number(match[2]) } : null;
}

export type ScheduleView = {
	service: Pick<Service, 'id' | 'name' | 'kind'>;
	location: Pick<Location, 'id' | 'name'>;
	/** The first and last times in the diary, when it has any. */
	from: Date | null;
	to: Date | null;
	/** False once the organisation's system made the diary inactive (it takes no free times). */
	active?: boolean;
};

export function scheduleResource({ service, location, from, to, active = true }: ScheduleView) {
	return {
		resourceType: 'Schedule' as const,
		id: scheduleId(service.id, location.id),
		meta: { profile: [ukCoreProfiles.Schedule] },
		active,
		serviceType: [serviceType(service)],
		actor: [
			reference('HealthcareService', service.id, service.name),
			reference('Location', location.id, location.name)
		],
		...(from && to ? { planningHorizon: { start: instant(from), end: instant(to) } } : {})
	};
}

/**
 * A slot: busy-unavailable when staff (or the diary system) took it out, busy while a booked
 * appointment holds it (`booked`), otherwise free: free as booking sees it (availability.ts).
 * A slot an organisation's own system published carries that system's identifier.
 */
export function slotResource(
	slot: Slot & { identifierSystem?: string | null; identifierValue?: string | null },
	service: Pick<Service, 'name' | 'kind'>,
	booked: boolean
) {
	return {
		resourceType: 'Slot' as const,
		id: String(slot.id),
		meta: { profile: [ukCoreProfiles.Slot] },
		extension: [deliveryChannel(slot.mode)],
		...(slot.identifierSystem && slot.identifierValue
			? { identifier: [{ system: slot.identifierSystem, value: slot.identifierValue }] }
			: {}),
		serviceType: [serviceType(service)],
		...(slot.mode === 'home_visit' ? { appointmentType: homeVisitType } : {}),
		schedule: reference('Schedule', scheduleId(slot.serviceId, slot.locationId)),
		status: slot.blocked ? 'busy-unavailable' : booked ? 'busy' : 'free',
		start: instant(slot.startsAt),
		end: instant(slot.endsAt)
	};
}
