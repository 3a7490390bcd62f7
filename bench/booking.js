// What the bench scripts need to drive booking as a browser does, without walking the journey's
// forms each time: the answers cookie the journey keeps (src/lib/server/web/drafts.ts), the London
// calendar day a slot falls on, as the day question names it, and free slots paired with patients
// who may each take theirs without a clash.

/**
 * Booking's answers cookie, as the app keeps it: the answers about patient `subject` given by
 * user `actor` (the patient's own account, for someone booking for themselves).
 */
export const bookingCookie = ({ actor, subject }, answers) =>
	`booking=${Buffer.from(JSON.stringify({ actor, subject, answers })).toString('base64url')}`;

const londonDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/London',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The London calendar day (YYYY-MM-DD) of an instant. */
export const londonDate = (instant) => londonDay.format(instant);

/** The times each of these patients holds now (their booked appointments' slots). */
export function heldTimes(db, patientIds) {
	const booked = db.prepare(
		`SELECT s.starts_at AS startsAt, s.ends_at AS endsAt FROM appointments a
		 JOIN slots s ON s.id = a.slot_id WHERE a.patient_id = ? AND a.status = 'booked'`
	);
	return patientIds.map((patientId) => booked.all(patientId));
}

/**
 * Pairs free slots with patients who can take them, the patients taking turns, at most `count`
 * pairs: booking refuses an appointment overlapping one the patient holds, so no patient gets a
 * time overlapping another of theirs or what `held[k]` says patient k holds already. Returns
 * `{ slot, patient }` pairs, `patient` being the index in `held`.
 */
export function pairSlotsWithPatients(slots, held, count = Infinity) {
	const busy = held.map((times) => [...times]);
	const pairs = [];
	let turn = 0;
	for (const slot of slots) {
		if (pairs.length >= count) break;
		for (let k = 0; k < busy.length; k++) {
			const patient = (turn + k) % busy.length;
			if (busy[patient].some((b) => b.startsAt < slot.endsAt && b.endsAt > slot.startsAt)) {
				continue;
			}
			busy[patient].push(slot);
			pairs.push({ slot, patient });
			turn = patient + 1;
			break;
		}
	}
	return pairs;
}

/**
 * Free slots (not blocked, held by no live appointment: what the day question offers) starting
 * between `from` and `to` (ms), in time order; only the diary's when `diary` names one
 * (`{ serviceId, locationId }`).
 */
export function freeSlots(db, { from, to, diary }) {
	return db
		.prepare(
			`SELECT id, service_id AS service, location_id AS location, mode,
			   starts_at AS startsAt, ends_at AS endsAt
			 FROM slots s WHERE blocked = 0 AND starts_at > @from AND starts_at < @to
			   ${diary ? 'AND service_id = @serviceId AND location_id = @locationId' : ''}
			   AND NOT EXISTS (
			     SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked')
			 ORDER BY starts_at, id`
		)
		.all({
			from,
			to,
			...(diary ? { serviceId: diary.serviceId, locationId: diary.locationId } : {})
		});
}
