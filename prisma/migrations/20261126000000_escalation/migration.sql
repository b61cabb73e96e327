-- Escalation (issue 6): the alerts that need a timer — open, no active escalation job, and either no frozen
-- policy yet or a level still to fire. The escalation sync reads only these rows.
CREATE INDEX "alerts_escalation_pending_idx" ON "alerts" ("opened_at")
  WHERE "state" = 'open' AND "active_escalation_job" IS NULL
    AND ("escalation" IS NULL OR "level" < jsonb_array_length("escalation" -> 'levels'));

-- Open alerts that hold a timer: what the start-up reconciliation re-adds (idempotent by job id).
CREATE INDEX "alerts_escalation_active_idx" ON "alerts" ("active_escalation_job")
  WHERE "active_escalation_job" IS NOT NULL;
