// An appointment: who, where, with which service, when, how, and whether it happened.
import type { tables } from '../../db';
import type { AppointmentStatus } from '../../db/schema';
import { joinedUpSystems, ukCoreProfiles } from '../profiles';
import { deliveryChannel, homeVisitType, instant, reference } from './codes';
import { serviceType } from './directory';

type Appointment = typeof tables.appointments.$inferSelect;
type Slot = typeof tables.slots.$inferSelect;
type Service = typeof tables.services.$inferSelect;
type Location = typeof tables.locations.$inferSelect;

/**
 * Joined Up's statuses in FHIR's. Keyed by every domain status, so one added there (arrived,
 * say) fails the type check here until it is mapped.
 */
export const appointmentStatusCodes = {
	booked: 'booked',
	cancelled: 'cancelled',
	attended: 'fulfilled',
	did_not_attend: 'noshow'
} as const satisfies Record<AppointmentStatus, string>;

export type AppointmentRow = {
	appointment: Appointment;
	slot: Slot;
	service: Pick<Service, 'id' | 'name' | 'kind'>;
	location: Pick<Location, 'id' | 'name'>;
};

export function appointmentResource({ appointment, slot, service, location }: AppointmentRow) {
	const accepted = { required: 'required', status: 'accepted' } as const;
	return {
		resourceType: 'Appointment' as const,
		id: String(appointment.id),
		meta: { profile: [ukCoreProfiles.Appointment] },
		extension: [deliveryChannel(slot.mode)],
		identifier: [{ system: joinedUpSystems.appointmentReference, value: appointment.reference }],
		status: appointmentStatusCodes[appointment.status],
		...(appointment.status === 'cancelled' && appointment.cancellationReason
			? { cancelationReason: { text: appointment.cancellationReason } }
			: {}),
		serviceType: [serviceType(service)],
		...(slot.mode === 'home_visit' ? { appointmentType: homeVisitType } : {}),
		start: instant(slot.startsAt),
		end: instant(slot.endsAt),
		slot: [reference('Slot', slot.id)],
		created: instant(appointment.createdAt),
		participant: [
			{ actor: reference('Patient', appointment.patientId), ...accepted },
			{ actor: reference('HealthcareService', service.id, service.name), ...accepted },
			{ actor: reference('Location', location.id, location.name), ...accepted }
		]
	};
}
