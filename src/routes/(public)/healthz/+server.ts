// For operators: is the app up, and can it reach its database?
import { json } from '@sveltejs/kit';
import { databaseReachable } from '$lib/server/health';

export async function GET() {
	return (await databaseReachable())
		? json({ ok: true, database: 'reachable' })
		: json({ ok: false, database: 'unreachable' }, { status: 503 });
}
