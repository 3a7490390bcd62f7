// What the bench scripts need to drive booking as a browser does, without walking the journey's
// forms each time: the answers cookie the journey keeps (src/lib/server/web/drafts.ts), the London
// calendar day a slot falls on, as the day question names it, and free slots paired with patients
// who may each take theirs without a clash, and a plan of such bookings for the demo's patients.
import { benchDatabaseOf } from './database.js';
import { londonDate } from './london.js';

/**
 * Booking's answers cookie, as the app keeps it: the answers about patient `subject` given by
 * user `actor` (the patient's own account, for someone booking for themselves).
 */
export const bookingCookie = ({ actor, subject }, answers) =>
	`booking=${Buffer.from(JSON.stringify({ actor, subject, answers })).toString('base64url')}`;

/** The London calendar day (YYYY-MM-DD) of an instant. */
export { londonDate };

/**
 * The times each of these patients holds now (their booked appointments' slots), read through a
 * bench database (bench/database.js).
 */
export async function heldTimes(database, patientIds) {
	const held = [];
	for (const patientId of patientIds) {
		held.push(
			await database.rows(
				`SELECT s.starts_at AS "startsAt", s.ends_at AS "endsAt" FROM appointments a
				 JOIN slots s ON s.id = a.slot_id WHERE a.patient_id = ? AND a.status = 'booked'`,
				[patientId]
			)
		);
	}
	return held;
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
 * (`{ serviceId, locationId }`). Read through a bench database (bench/database.js).
 */
export async function freeSlots(database, { from, to, diary }) {
	return await database.rows(
		`SELECT id, service_id AS service, location_id AS location, mode,
		   starts_at AS "startsAt", ends_at AS "endsAt"
		 FROM slots s WHERE blocked = 0 AND starts_at > ? AND starts_at < ?
		   ${diary ? 'AND service_id = ? AND location_id = ?' : ''}
		   AND NOT EXISTS (
		     SELECT 1 FROM appointments a WHERE a.slot_id = s.id AND a.status = 'booked')
		 ORDER BY starts_at, id`,
		[from, to, ...(diary ? [diary.serviceId, diary.locationId] : [])]
	);
}

/**
 * Up to `count` bookings of free times by the demo patients who sign in with a password (the
 * wider population's accounts sign in with NHS login), read from a bench server's database
 * (SQLite or PostgreSQL). Each is clear of that patient's other times and appointments, so every
 * booking ought to succeed and a refusal is a finding. Times from an hour ahead (none passes
 * during a run) to a day inside the 28-day booking window. Throws when there are fewer.
 */
export async function planBookings(server, count) {
	const db = await benchDatabaseOf(server);
	try {
		const patients = await db.rows(
			`SELECT id AS "userId", patient_id AS "patientId", coalesce(email, mobile) AS identifier
			 FROM users WHERE role = 'patient' AND patient_id IS NOT NULL
			   AND password_hash IS NOT NULL AND coalesce(email, mobile) IS NOT NULL ORDER BY id`
		);
		const now = Date.now();
		const free = await freeSlots(db, { from: now + 60 * 60_000, to: now + 27 * 24 * 60 * 60_000 });
		const held = await heldTimes(
			db,
			patients.map(({ patientId }) => patientId)
		);
		const bookings = pairSlotsWithPatients(free, held, count).map(({ slot, patient }) => ({
			patient,
			patientId: patients[patient].patientId,
			slotId: slot.id,
			// The answers are the patient's own: given by their account, about their record.
			owner: { actor: patients[patient].userId, subject: patients[patient].patientId },
			draft: {
				service: slot.service,
				mode: slot.mode,
				location: slot.mode === 'in_person' ? slot.location : undefined,
				day: londonDate(slot.startsAt),
				slot: slot.id,
				needs: {}
			}
		}));
		if (bookings.length < count) {
			throw new Error(`only ${bookings.length} free times for ${count} bookings`);
		}
		return { identifiers: patients.map((patient) => patient.identifier), bookings };
	} finally {
		await db.close();
	}
}

/**
 * Signs the planned bookings' patients in through `server`'s sign-in form, and gives each booking
 * its session and the cookies the check page and its form need.
 */
export async function signInToBook(server, identifiers, bookings) {
	const sessions = await Promise.all(identifiers.map((identifier) => server.signIn(identifier)));
	for (const booking of bookings) {
		booking.session = sessions[booking.patient];
		booking.cookie = `${booking.session}; ${bookingCookie(booking.owner, booking.draft)}`;
	}
}
