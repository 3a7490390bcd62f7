// For operators: is the app up, and can it reach its database?
import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { database } from '$lib/server/db';

export function GET() {
	try {
		database().get(sql`select 1`);
		return json({ ok: true, database: 'reachable' });
	} catch {
		return json({ ok: false, database: 'unreachable' }, { status: 503 });
	}
}
