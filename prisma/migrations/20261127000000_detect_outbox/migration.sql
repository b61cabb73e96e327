-- AlterTable
ALTER TABLE "orders" ADD COLUMN "detect_due_at" TIMESTAMPTZ(3);


-- Hand-written below: what the Prisma schema language cannot express.

-- Orders whose state changed and whose detection has not run yet: set in the ingest transaction, cleared in
-- the detection transaction. The sweep re-detects the ones left behind (a crash between the ingest commit
-- and the queue hand-off), so an event-driven alert is never lost. Only pending rows are indexed.
CREATE INDEX "orders_detect_due_idx" ON "orders" ("detect_due_at") WHERE "detect_due_at" IS NOT NULL;
