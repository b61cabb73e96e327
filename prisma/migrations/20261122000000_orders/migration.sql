-- CreateSchema

-- CreateTable
CREATE TABLE "orders" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channel" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "shop_id" TEXT,
    "status" TEXT NOT NULL,
    "status_at" TIMESTAMPTZ(3) NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "buyer_name" TEXT,
    "buyer_phone" TEXT,
    "phone_hash" TEXT,
    "province" TEXT,
    "city" TEXT,
    "district" TEXT,
    "address_detail" TEXT,
    "address_hash" TEXT,
    "address_at" TIMESTAMPTZ(3),
    "items" JSONB NOT NULL DEFAULT '[]',
    "warehouse" TEXT,
    "remark" TEXT NOT NULL DEFAULT '',
    "remark_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "picked_at" TIMESTAMPTZ(3),
    "packed_at" TIMESTAMPTZ(3),
    "shipped_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "promised_ship_at" TIMESTAMPTZ(3),
    "tracking_no" TEXT,
    "carrier" TEXT,
    "tracking_at" TIMESTAMPTZ(3),
    "collected_at" TIMESTAMPTZ(3),
    "last_scan_at" TIMESTAMPTZ(3),
    "last_scan_status" TEXT,
    "last_scan_text" TEXT,
    "last_exception_at" TIMESTAMPTZ(3),
    "hold_state" TEXT NOT NULL DEFAULT 'none',
    "raw" JSONB NOT NULL,
    "snapshot_at" TIMESTAMPTZ(3),
    "content_hash" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "order_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    "event_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "orders_phone_hash_created_at_idx" ON "orders"("phone_hash", "created_at");

-- CreateIndex
CREATE INDEX "orders_address_hash_created_at_idx" ON "orders"("address_hash", "created_at");

-- CreateIndex
CREATE INDEX "orders_warehouse_status_idx" ON "orders"("warehouse", "status");

-- CreateIndex
CREATE UNIQUE INDEX "orders_channel_external_id_key" ON "orders"("channel", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_idempotency_key_key" ON "order_events"("idempotency_key");

-- CreateIndex
CREATE INDEX "order_events_order_id_at_idx" ON "order_events"("order_id", "at");

-- CreateIndex
CREATE INDEX "order_events_type_at_idx" ON "order_events"("type", "at");

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below: what the Prisma schema language cannot express. Keep these when diffing new
-- migrations (`prisma migrate diff` would otherwise propose dropping them).

ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check"
  CHECK ("status" IN ('created','paid','picking','packed','shipped','delivered','cancelled','closed'));
ALTER TABLE "orders" ADD CONSTRAINT "orders_amount_fen_check" CHECK ("amount_fen" >= 0);

-- Partial indexes the detectors' set-based sweeps scan (issue 3): each covers only the open orders of
-- one stage, so a sweep over a million stored orders touches just the few thousand that can fire.
CREATE INDEX "orders_paid_unpicked_idx" ON "orders" ("paid_at") WHERE "status" = 'paid';
CREATE INDEX "orders_picked_unshipped_idx" ON "orders" ("status_at") WHERE "status" IN ('picking', 'packed');
CREATE INDEX "orders_promise_open_idx" ON "orders" ("promised_ship_at")
  WHERE "status" IN ('created', 'paid', 'picking', 'packed') AND "promised_ship_at" IS NOT NULL;
CREATE INDEX "orders_shipped_uncollected_idx" ON "orders" ("shipped_at")
  WHERE "status" = 'shipped' AND "collected_at" IS NULL;
CREATE INDEX "orders_in_transit_last_scan_idx" ON "orders" ("last_scan_at") WHERE "status" = 'shipped';
