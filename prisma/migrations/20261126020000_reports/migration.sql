-- CreateTable
CREATE TABLE "reports_sent" (
    "team" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3) NOT NULL,
    "sent_targets" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_error" TEXT,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_sent_pkey" PRIMARY KEY ("team","date")
);


-- Hand-written below: what the Prisma schema language cannot express.

-- sending: claimed by a process until lease_until (after that, another may take over: a crash loses nothing);
-- failed: a target failed retryably, tried again once lease_until passes; sent / dead: done.
ALTER TABLE "reports_sent" ADD CONSTRAINT "reports_sent_status_check"
  CHECK ("status" IN ('sending', 'failed', 'sent', 'dead'));
