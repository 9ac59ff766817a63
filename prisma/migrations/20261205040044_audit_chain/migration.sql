-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastId" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);


-- Only the owner creates objects in the schema (PostgreSQL before 15 let everyone).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The chain holds one row.
ALTER TABLE "AuditChainHead" ADD CONSTRAINT "AuditChainHead_single" CHECK ("id" = 1);

-- What an event's hash covers: the previous hash and every column of the event, as a JSON array
-- (unambiguous, and jsonb prints its keys in one canonical order). The time goes in as epoch
-- milliseconds, so the session's time zone cannot change the text.
CREATE FUNCTION "audit_event_digest"(
  "prevHash" TEXT, "id" BIGINT, "at" TIMESTAMPTZ, "actorId" UUID, "actorRole" "Role",
  "entityType" TEXT, "entityId" UUID, "action" TEXT, "data" JSONB, "dedupeKey" TEXT
) RETURNS TEXT AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    "prevHash", "id", (extract(epoch FROM "at") * 1000)::BIGINT, "actorId", "actorRole",
    "entityType", "entityId", "action", "data", "dedupeKey"
  )::TEXT, 'UTF8')), 'hex');
$$ LANGUAGE sql IMMUTABLE;

-- Chains each new event to the head. The head's row lock orders concurrent writers, and holding
-- it, the trigger also skips an event whose dedupe key is already in the trail: an insert that
-- ON CONFLICT would drop must not have moved the head. It runs as the owner (SECURITY DEFINER),
-- so the application's role needs no right on the head at all; every name in it is qualified
-- and its search path holds only the catalog, so no object a caller creates can stand in.
CREATE FUNCTION "chain_audit_event"() RETURNS trigger AS $$
DECLARE
  head public."AuditChainHead"%ROWTYPE;
BEGIN
  SELECT * INTO head FROM public."AuditChainHead" WHERE "id" = 1 FOR UPDATE;
  IF EXISTS (SELECT 1 FROM public."AuditEvent" WHERE "dedupeKey" = NEW."dedupeKey") THEN
    RETURN NULL;
  END IF;
  NEW."id" := head."lastId" + 1;
  NEW."prevHash" := head."hash";
  NEW."hash" := public."audit_event_digest"(NEW."prevHash", NEW."id", NEW."at", NEW."actorId",
    NEW."actorRole", NEW."entityType", NEW."entityId", NEW."action", NEW."data", NEW."dedupeKey");
  UPDATE public."AuditChainHead" SET "lastId" = NEW."id", "hash" = NEW."hash" WHERE "id" = 1;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

-- The events already written are chained in the order of their ids.
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only";
DO $$
DECLARE
  event "AuditEvent"%ROWTYPE;
  previous TEXT := '';
BEGIN
  FOR event IN SELECT * FROM "AuditEvent" ORDER BY "id" LOOP
    UPDATE "AuditEvent" SET "prevHash" = previous, "hash" = "audit_event_digest"(previous,
      event."id", event."at", event."actorId", event."actorRole", event."entityType",
      event."entityId", event."action", event."data", event."dedupeKey")
    WHERE "id" = event."id" RETURNING "hash" INTO previous;
  END LOOP;
END $$;
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only";
INSERT INTO "AuditChainHead" ("id", "lastId", "hash")
  SELECT 1, COALESCE(MAX("id"), 0),
    COALESCE((SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1), '')
  FROM "AuditEvent";

CREATE TRIGGER "AuditEvent_chained"
  BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "chain_audit_event"();
