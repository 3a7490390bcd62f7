/** The Integrated Care System's own phone number, for residents' questions and problem reports. */
export const icsPhone = '020 7946 0100';
