-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "notified_revision" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "alert_id" UUID,
    "target" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "team" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "platform_ref" JSONB,
    "payload" JSONB,
    "folded_into" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_cards" (
    "alert_id" UUID NOT NULL,
    "target" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "idem_key" TEXT NOT NULL,
    "ref" JSONB NOT NULL,
    "response_codes" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_cards_pkey" PRIMARY KEY ("alert_id","target")
);

-- CreateTable
CREATE TABLE "send_budget" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "send_budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "send_blocks" (
    "key" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "send_blocks_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "app_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "deliveries_alert_id_idx" ON "deliveries"("alert_id");

-- CreateIndex
CREATE INDEX "deliveries_folded_into_idx" ON "deliveries"("folded_into");

-- CreateIndex
CREATE UNIQUE INDEX "alert_cards_idem_key_key" ON "alert_cards"("idem_key");

-- CreateIndex
CREATE INDEX "send_budget_key_at_idx" ON "send_budget"("key", "at");

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_cards" ADD CONSTRAINT "alert_cards_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Hand-written below: what the Prisma schema language cannot express.

-- Alerts that existed before delivery did are not announced all at once on upgrade.
UPDATE "alerts" SET "notified_revision" = "revision";
-- The planner's outbox scan: alerts with a change not yet turned into deliveries.
CREATE INDEX "alerts_to_notify_idx" ON "alerts" ("updated_at") WHERE "notified_revision" < "revision";
-- Nothing delivered twice: one delivery per (alert, target, revision).
CREATE UNIQUE INDEX "deliveries_alert_target_revision_key" ON "deliveries" ("alert_id", "target", "revision")
  WHERE "alert_id" IS NOT NULL;
-- The dispatcher's scan: what is due per target.
CREATE INDEX "deliveries_due_idx" ON "deliveries" ("target", "next_attempt_at") WHERE "status" IN ('pending', 'sending');
-- Dead letters for /readyz, /metrics and the API.
CREATE INDEX "deliveries_dead_idx" ON "deliveries" ("updated_at") WHERE "status" = 'dead';
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_status_check"
  CHECK ("status" IN ('pending', 'sending', 'sent', 'muted', 'superseded', 'digested', 'dead'));
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_kind_check" CHECK ("kind" IN ('card', 'digest'));
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_folded_into_fkey" FOREIGN KEY ("folded_into") REFERENCES "deliveries"("id") ON DELETE SET NULL;
