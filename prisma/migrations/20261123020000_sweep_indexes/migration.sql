-- The sweep's formatting helpers call STABLE functions (concat, to_char); declared IMMUTABLE they were
-- never inlined and every call took the slow SQL-function path (~3x slower, measured).
ALTER FUNCTION ow_format_duration(bigint) STABLE;
ALTER FUNCTION ow_iso(timestamptz) STABLE;

-- Partial indexes shaped exactly like the sweep's conditions (sweep-specs.ts): stuck_unshipped measures
-- from the pick (or the pack), and promise risk covers paid, picking and packed orders only.
DROP INDEX IF EXISTS "orders_picked_unshipped_idx";
CREATE INDEX "orders_picked_unshipped_idx" ON "orders" ((COALESCE("picked_at", "packed_at")))
  WHERE "status" IN ('picking', 'packed');
DROP INDEX IF EXISTS "orders_promise_open_idx";
CREATE INDEX "orders_promise_open_idx" ON "orders" ("promised_ship_at")
  WHERE "status" IN ('paid', 'picking', 'packed') AND "promised_ship_at" IS NOT NULL;
