// The server's log: one JSON line per event (pino), on standard output, for whoever runs the
// service to collect. It holds routes, ids, status codes, timings and error names only: never a
// name, NHS number, phone number, email address or anything a person typed (see SECURITY.md;
// tests/log-scan.ts checks a whole end-to-end run). The redaction below is a second guard, should
// a field that can hold such a thing ever be logged by mistake.
import { pino } from 'pino';

export const log = pino({
	level: process.env.LOG_LEVEL ?? 'info',
	base: { service: 'joined-up' },
	timestamp: pino.stdTimeFunctions.isoTime,
	redact: {
		paths: ['email', 'mobile', 'name', 'nhsNumber', 'postcode', 'recipient', 'body', 'password'],
		censor: '[withheld]'
	}
});
