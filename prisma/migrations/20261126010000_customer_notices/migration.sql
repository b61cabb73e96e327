-- Customer delivery notices (issue 6 item 2): once per (order, kind), leased and retried like deliveries.

-- CreateTable
CREATE TABLE "customer_notices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "order_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "channel" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "send_at" TIMESTAMPTZ(3) NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "provider_ref" JSONB,
    "text" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "customer_notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_opt_outs" (
    "phone_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_opt_outs_pkey" PRIMARY KEY ("phone_hash")
);

-- CreateTable
CREATE TABLE "kf_sessions" (
    "open_kfid" TEXT NOT NULL,
    "external_userid" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "last_customer_message_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_since" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "kf_sessions_pkey" PRIMARY KEY ("open_kfid","external_userid")
);

-- CreateIndex
CREATE UNIQUE INDEX "customer_notices_order_id_kind_key" ON "customer_notices"("order_id", "kind");

-- CreateIndex
CREATE INDEX "customer_notices_status_next_attempt_at_idx" ON "customer_notices"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "kf_sessions_phone_hash_idx" ON "kf_sessions"("phone_hash");

-- AddForeignKey
ALTER TABLE "customer_notices" ADD CONSTRAINT "customer_notices_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
