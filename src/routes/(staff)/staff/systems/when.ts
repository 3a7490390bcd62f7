// When something happened, as the systems pages show it: London time, to the second.
export const when = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	dateStyle: 'medium',
	timeStyle: 'medium'
});
