// The demo's accounts, as the sign-in page lists them in demo mode; the seeder (demo/) makes them.

export const demoPassword = 'joined-up-demo';

/** The demo accounts and the translation key saying who each one is. */
export const demoAccounts = [
	{ signInWith: 'patient@example.org', who: 'signIn.demoPatient' },
	{ signInWith: 'carer@example.org', who: 'signIn.demoCarer' },
	{ signInWith: '07700900123', who: 'signIn.demoMobilePatient' },
	{ signInWith: 'linkworker@example.org', who: 'signIn.demoLinkWorker' },
	{ signInWith: 'staff@example.org', who: 'signIn.demoStaff' },
	{ signInWith: 'hospital@example.org', who: 'signIn.demoHospitalStaff' },
	{ signInWith: 'admin@example.org', who: 'signIn.demoAdmin' }
] as const;
