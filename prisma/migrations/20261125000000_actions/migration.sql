-- CreateTable
CREATE TABLE "people" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT[],
    "mobile" TEXT,
    "source" TEXT NOT NULL DEFAULT 'config',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identities" (
    "platform" TEXT NOT NULL,
    "platform_user_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,

    CONSTRAINT "identities_pkey" PRIMARY KEY ("platform","platform_user_id")
);

-- CreateTable
CREATE TABLE "actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "platform_user_id" TEXT NOT NULL,
    "person_id" TEXT,
    "actor_name" TEXT,
    "action" TEXT NOT NULL,
    "args" JSONB NOT NULL DEFAULT '{}',
    "result" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "reply" JSONB,
    "chat" JSONB NOT NULL DEFAULT '{}',
    "order_id" UUID,
    "order_channel" TEXT,
    "order_external_id" TEXT,
    "alert_id" UUID,

    CONSTRAINT "actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_confirmations" (
    "person_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "command" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_confirmations_pkey" PRIMARY KEY ("person_id","platform")
);

-- CreateTable
CREATE TABLE "refund_approvals" (
    "order_id" UUID NOT NULL,
    "refund_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "required_approvals" INTEGER NOT NULL,
    "approvals" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "requested_by" TEXT,
    "decided_by" TEXT,
    "decided_by_name" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refund_approvals_pkey" PRIMARY KEY ("order_id","refund_id")
);

-- CreateTable
CREATE TABLE "refund_approval_votes" (
    "order_id" UUID NOT NULL,
    "refund_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "person_name" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refund_approval_votes_pkey" PRIMARY KEY ("order_id","refund_id","person_id")
);

-- CreateTable
CREATE TABLE "order_holds" (
    "order_id" UUID NOT NULL,
    "held_by" TEXT NOT NULL,
    "held_by_name" TEXT NOT NULL,
    "held_at" TIMESTAMPTZ(3) NOT NULL,
    "released_by" TEXT,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "order_holds_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "order_merges" (
    "order_id" UUID NOT NULL,
    "into_order_id" UUID NOT NULL,
    "merged_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "alert_id" UUID,

    CONSTRAINT "order_merges_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "legit_marks" (
    "id" BIGSERIAL NOT NULL,
    "rule" TEXT NOT NULL,
    "phone_hash" TEXT,
    "order_id" UUID,
    "marked_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "alert_id" UUID,

    CONSTRAINT "legit_marks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_webhooks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbound_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "identities_person_id_idx" ON "identities"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "actions_idempotency_key_key" ON "actions"("idempotency_key");

-- CreateIndex
CREATE INDEX "actions_at_id_idx" ON "actions"("at", "id");

-- CreateIndex
CREATE INDEX "actions_order_channel_order_external_id_at_idx" ON "actions"("order_channel", "order_external_id", "at");

-- CreateIndex
CREATE INDEX "actions_person_id_at_idx" ON "actions"("person_id", "at");

-- CreateIndex
CREATE INDEX "actions_platform_user_id_at_idx" ON "actions"("platform_user_id", "at");

-- CreateIndex
CREATE INDEX "legit_marks_phone_hash_idx" ON "legit_marks"("phone_hash");

-- CreateIndex
CREATE INDEX "legit_marks_order_id_idx" ON "legit_marks"("order_id");

-- AddForeignKey
ALTER TABLE "identities" ADD CONSTRAINT "identities_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below: what the Prisma schema language cannot express.

ALTER TABLE "actions" ADD CONSTRAINT "actions_result_check"
  CHECK ("result" IN ('pending', 'ok', 'denied', 'conflict', 'error', 'info'));
ALTER TABLE "refund_approvals" ADD CONSTRAINT "refund_approvals_state_check"
  CHECK ("state" IN ('pending', 'approved', 'rejected'));
ALTER TABLE "refund_approvals" ADD CONSTRAINT "refund_approvals_order_id_fkey"
  FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE;
ALTER TABLE "refund_approval_votes" ADD CONSTRAINT "refund_approval_votes_refund_fkey"
  FOREIGN KEY ("order_id", "refund_id") REFERENCES "refund_approvals"("order_id", "refund_id") ON DELETE CASCADE;
ALTER TABLE "order_holds" ADD CONSTRAINT "order_holds_order_id_fkey"
  FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE;
ALTER TABLE "order_merges" ADD CONSTRAINT "order_merges_order_id_fkey"
  FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE;
-- One mark per (rule, customer): the phone hash, or the order when it has no phone.
ALTER TABLE "legit_marks" ADD CONSTRAINT "legit_marks_subject_check" CHECK ("phone_hash" IS NOT NULL OR "order_id" IS NOT NULL);
CREATE UNIQUE INDEX "legit_marks_rule_subject_key" ON "legit_marks" ("rule", COALESCE("phone_hash", "order_id"::text));
ALTER TABLE "outbound_webhooks" ADD CONSTRAINT "outbound_webhooks_status_check"
  CHECK ("status" IN ('pending', 'sending', 'sent', 'dead'));
-- The sender's scan: what is due.
CREATE INDEX "outbound_webhooks_due_idx" ON "outbound_webhooks" ("next_attempt_at") WHERE "status" IN ('pending', 'sending');
