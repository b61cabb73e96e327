-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "presale" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "fingerprint" TEXT NOT NULL,
    "order_id" UUID NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "level" INTEGER NOT NULL DEFAULT 0,
    "escalation" JSONB,
    "active_escalation_job" TEXT,
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "snoozed_until" TIMESTAMPTZ(3),
    "muted_reason" TEXT,
    "team" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "last_detected_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolve_reason" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_history" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "change" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "alert_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silences" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "matchers" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alerts_order_id_idx" ON "alerts"("order_id");

-- CreateIndex
CREATE INDEX "alerts_state_opened_at_idx" ON "alerts"("state", "opened_at");

-- CreateIndex
CREATE INDEX "alerts_rule_state_idx" ON "alerts"("rule", "state");

-- CreateIndex
CREATE INDEX "alert_history_alert_id_at_idx" ON "alert_history"("alert_id", "at");

-- CreateIndex
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_history" ADD CONSTRAINT "alert_history_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below: what the Prisma schema language cannot express.

-- One unresolved alert per (rule, order), whatever races between the event-driven path and the sweep.
CREATE UNIQUE INDEX "alerts_unresolved_rule_order_key" ON "alerts" ("rule", "order_id") WHERE "state" <> 'resolved';
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_state_check" CHECK ("state" IN ('open', 'claimed', 'resolved'));
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_severity_check" CHECK ("severity" IN ('info', 'warning', 'critical'));
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_kind_check" CHECK ("kind" IN ('stuck', 'suspect', 'logistics', 'refund'));
-- Keyset pagination of GET /api/v1/alerts (newest first).
CREATE INDEX "alerts_opened_id_idx" ON "alerts" ("opened_at" DESC, "id" DESC);
-- Suspect rules count a buyer's recent orders: the recipient-per-day rule needs the phone itself.
CREATE INDEX "orders_buyer_phone_created_idx" ON "orders" ("buyer_phone", "created_at");
