// Appointment references: six characters, easy to read aloud over the phone. Letters and digits
// that are confused when spoken or handwritten (0/O, 1/I/L) are never used.
export const referenceAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const referenceLength = 6;

/** A random code from the readable alphabet; longer ones (invitation codes) are secrets. */
export function newReference(length = referenceLength): string {
	const bytes = new Uint8Array(length);
	let reference = '';
	// Rejection sampling keeps every character equally likely.
	while (reference.length < length) {
		crypto.getRandomValues(bytes);
		for (const byte of bytes) {
			if (byte < 256 - (256 % referenceAlphabet.length) && reference.length < length) {
				reference += referenceAlphabet[byte % referenceAlphabet.length];
			}
		}
	}
	return reference;
}

/** A new reference that `isTaken` says nobody holds yet (checked in the caller's transaction). */
export async function unusedReference(
	isTaken: (reference: string) => Promise<boolean>
): Promise<string> {
	for (;;) {
		const reference = newReference();
		if (!(await isTaken(reference))) return reference;
	}
}
