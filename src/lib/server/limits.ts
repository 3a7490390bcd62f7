// How often someone may try the things an attacker would repeat: guessing a password, making
// accounts, guessing an invitation code, sending invitations, searching for residents. Counted by rate-limiter-flexible
// in the app's own database (db/index.ts), so every instance counts alike and a restart forgets nothing. Only failures count where a
// success is the normal case (signing in, codes), so people who type correctly never meet a limit.
import { RateLimiterRes, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { limitsPerAddress } from './config';
import { databaseRateLimiter } from './db';

const minutes = 60;

/** Each limit: how many in how long (seconds), and how long a key is then held back. */
export const limitPolicies = {
	/** Wrong passwords for one account, wherever they come from. */
	signInAccount: { points: 10, duration: 15 * minutes, blockDuration: 15 * minutes },
	/** Wrong passwords from one address, whichever accounts they name. */
	signInAddress: {
		points: limitsPerAddress.signInFailures,
		duration: 15 * minutes,
		blockDuration: 15 * minutes
	},
	/** Accounts made from one address. */
	registration: { points: limitsPerAddress.registrations, duration: 60 * minutes },
	/** Password reset codes sent to one account: enough for a slow post, too few to pester. */
	resetCodeSend: { points: 5, duration: 60 * minutes },
	/** Reset codes asked for from one address, whichever accounts they name. */
	resetCodeAddress: { points: limitsPerAddress.resetCodes, duration: 60 * minutes },
	/** Wrong reset codes typed for one account (each code also dies after ten minutes). */
	resetCodeGuess: { points: 5, duration: 15 * minutes, blockDuration: 15 * minutes },
	/** Wrong "find my record" codes typed by one account (a letter's code works for 14 days). */
	recordCodeGuess: { points: 5, duration: 15 * minutes, blockDuration: 15 * minutes },
	/** "Find my record" codes sent to one record's contact, whoever asks: nobody is pestered. */
	recordCodeToRecord: { points: 3, duration: 24 * 60 * minutes },
	/**
	 * Codes sent to confirm a new account's address, or messages telling its holder someone
	 * tried, for one address: counted alike, so neither floods a phone nor says which it was.
	 */
	confirmationSend: { points: 5, duration: 60 * minutes },
	/** Wrong confirmation codes typed for one address (each code also dies after ten minutes). */
	confirmationGuess: { points: 5, duration: 15 * minutes, blockDuration: 15 * minutes },
	/** Wrong invitation codes entered by one account. */
	invitationCode: { points: 10, duration: 15 * minutes, blockDuration: 15 * minutes },
	/** Invitations sent from one person's care, whoever sends them: a few carers, not a flood. */
	invitationFromPatient: { points: 10, duration: 60 * minutes },
	/** Invitations sent to one email address or mobile number, from anyone: nobody is pestered. */
	invitationToRecipient: { points: 3, duration: 24 * 60 * minutes },
	/**
	 * Searches for a person by their details by one link worker or member of staff, wherever
	 * they search (see assist/resident-search.ts): enough for a busy day, too few to trawl.
	 */
	residentSearch: { points: 30, duration: 15 * minutes, blockDuration: 15 * minutes },
	/**
	 * Texts we send back to one number in answer to its texts: plenty for a person, and the end
	 * of a loop with an automatic reply on the other side (see texts/conversation.ts).
	 */
	textAnswers: { points: 10, duration: 60 * minutes },
	/**
	 * Refused token requests from one address (see fhir/clients.ts): a system whose key or clock
	 * is wrong fails a few times and is fixed; anything trying keys or replaying assertions stops.
	 */
	fhirTokenFailures: { points: 20, duration: 15 * minutes, blockDuration: 15 * minutes }
} as const;
export type LimitName = keyof typeof limitPolicies;

const limiters = new Map<LimitName, Promise<RateLimiterStoreAbstract>>();
/** The limiter for a limit, once its table exists (made by the library on first use). */
function limiter(name: LimitName): Promise<RateLimiterStoreAbstract> {
	let found = limiters.get(name);
	if (!found) {
		found = new Promise((resolve, reject) => {
			const created = databaseRateLimiter(
				{
					tableName: 'rate_limits',
					keyPrefix: name,
					// Rows an hour past their expiry are deleted every five minutes.
					clearExpiredByTimeout: true,
					...limitPolicies[name]
				},
				(error?: Error) => {
					if (!error) return resolve(created);
					// Another instance making the table at the same moment: the next try makes it.
					limiters.delete(name);
					reject(error);
				}
			);
		});
		limiters.set(name, found);
	}
	return found;
}

/** Held back until this time, or null when free to try. Counts nothing. */
export async function heldBack(name: LimitName, key: string): Promise<Date | null> {
	const state = await (await limiter(name)).get(key);
	if (!state || state.remainingPoints > 0) return null;
	return new Date(Date.now() + state.msBeforeNext);
}

/** One try counted; if the limit refused it, when it may be tried again. */
async function consumeOne(
	name: LimitName,
	key: string
): Promise<{ remaining: number; msBeforeNext: number; refusedUntil: Date | null }> {
	try {
		const { remainingPoints, msBeforeNext } = await (await limiter(name)).consume(key);
		return { remaining: remainingPoints, msBeforeNext, refusedUntil: null };
	} catch (refusal) {
		if (!(refusal instanceof RateLimiterRes)) throw refusal;
		const refusedUntil = new Date(Date.now() + refusal.msBeforeNext);
		return { remaining: 0, msBeforeNext: refusal.msBeforeNext, refusedUntil };
	}
}

/**
 * Counts one try against the limit, after it failed; held back until the time returned (from
 * the try that used the last of the allowance), or null if still free.
 */
export async function countTry(name: LimitName, key: string): Promise<Date | null> {
	const { remaining, msBeforeNext, refusedUntil } = await consumeOne(name, key);
	return refusedUntil ?? (remaining > 0 ? null : new Date(Date.now() + msBeforeNext));
}

/**
 * Takes one try before it is made, for limits counted whatever the outcome (or where a success
 * is then forgotten): exactly the policy's allowance of tries goes through, and tries sent at
 * the same moment cannot all slip past a check made before any was counted. Held back until the
 * time returned, or null to go ahead.
 */
export async function takeTry(name: LimitName, key: string): Promise<Date | null> {
	return (await consumeOne(name, key)).refusedUntil;
}

/** A success clears what was counted (the right password after a slip). */
export async function forgetTries(name: LimitName, key: string): Promise<void> {
	await (await limiter(name)).delete(key);
}
