-- What the SQLite migrations add by hand beside the schema (drizzle/0001, 0012 and 0026), for
-- PostgreSQL. Triggers keep the SQLite names.

-- The activity log is append-only: what was done for a person can never be rewritten or erased.
-- A request's timeline is what was said and done: it is added to, never rewritten. TRUNCATE is
-- refused too: SQLite has none, and in PostgreSQL it would pass by the row triggers.
CREATE FUNCTION "refuse_change_to_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "activity_log_no_update" BEFORE UPDATE ON "activity_log"
	FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
CREATE TRIGGER "activity_log_no_delete" BEFORE DELETE ON "activity_log"
	FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
CREATE TRIGGER "activity_log_no_truncate" BEFORE TRUNCATE ON "activity_log"
	FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_update" BEFORE UPDATE ON "request_events"
	FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_delete" BEFORE DELETE ON "request_events"
	FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
CREATE TRIGGER "request_events_no_truncate" BEFORE TRUNCATE ON "request_events"
	FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only"();
--> statement-breakpoint
-- A change to a slot, an appointment or a request marks its service's summaries stale; the
-- server makes them again in small steps (insight/summaries.ts). Each is one primary-key insert.
-- ON CONFLICT DO NOTHING is SQLite's INSERT OR IGNORE; two instances marking the same service
-- at once wait for each other rather than fail.
CREATE FUNCTION "insight_mark_stale"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME IN ('slots', 'contact_requests') THEN
		INSERT INTO "insight_stale" ("service_id") VALUES (NEW."service_id") ON CONFLICT DO NOTHING;
		IF TG_OP = 'UPDATE' AND OLD."service_id" IS DISTINCT FROM NEW."service_id" THEN
			INSERT INTO "insight_stale" ("service_id") VALUES (OLD."service_id") ON CONFLICT DO NOTHING;
		END IF;
	ELSIF TG_TABLE_NAME = 'appointments' THEN
		INSERT INTO "insight_stale" ("service_id")
			SELECT "service_id" FROM "slots"
			WHERE "id" = NEW."slot_id" OR (TG_OP = 'UPDATE' AND "id" = OLD."slot_id")
			ON CONFLICT DO NOTHING;
	ELSIF TG_TABLE_NAME = 'request_events' THEN
		INSERT INTO "insight_stale" ("service_id")
			SELECT "service_id" FROM "contact_requests" WHERE "id" = NEW."request_id"
			ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "insight_slot_added" AFTER INSERT ON "slots"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_slot_changed" AFTER UPDATE ON "slots"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_appointment_added" AFTER INSERT ON "appointments"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_appointment_changed" AFTER UPDATE ON "appointments"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_request_added" AFTER INSERT ON "contact_requests"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_request_changed" AFTER UPDATE ON "contact_requests"
	FOR EACH ROW EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
CREATE TRIGGER "insight_request_event" AFTER INSERT ON "request_events"
	FOR EACH ROW WHEN (NEW."kind" IN ('arranged', 'closed')) EXECUTE FUNCTION "insight_mark_stale"();
--> statement-breakpoint
-- Every service starts stale: the summaries are made after the server starts. (A new database
-- has no services yet; this keeps the SQLite migration's meaning for one that was filled first.)
INSERT INTO "insight_stale" ("service_id") SELECT "id" FROM "services" ON CONFLICT DO NOTHING;
