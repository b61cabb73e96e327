// reports_sent: a team's daily report is claimed in one short statement before anything is sent, so two
// processes ticking at once send it once; the outcome is recorded after the sends (no network in a tx).
import type { Pool } from './pool.js';

/** Longer than any send takes: past it, a claim whose process died may be taken over. */
export const REPORT_LEASE_MS = 10 * 60_000;
/** A report failing retryably is tried again after this long, up to REPORT_MAX_ATTEMPTS times. */
export const REPORT_RETRY_MS = 5 * 60_000;
export const REPORT_MAX_ATTEMPTS = 5;

export interface ReportClaim {
  team: string;
  date: string;
  attempt: number;
  /** Targets a previous attempt already reached: not sent again. */
  sentTargets: string[];
}

export interface ReportOutcome {
  /** Targets reached (this attempt and before). */
  sentTargets: string[];
  /** A retryable failure remains: try again later (or give up after the last attempt). */
  retry: boolean;
  lastError: string | null;
}

export interface ReportSentStore {
  /** The claim when this caller may send now; null when sent, being sent, or waiting for a retry. */
  claim(team: string, date: string, now: Date): Promise<ReportClaim | null>;
  record(claim: ReportClaim, outcome: ReportOutcome, now: Date): Promise<void>;
}

const CLAIM_SQL = `
INSERT INTO reports_sent (team, date, status, attempts, lease_until, claimed_at)
VALUES ($1, $2::date, 'sending', 1, $3::timestamptz + make_interval(secs => $4::int / 1000.0), $3)
ON CONFLICT (team, date) DO UPDATE
   SET status = 'sending', attempts = reports_sent.attempts + 1,
       lease_until = EXCLUDED.lease_until, claimed_at = EXCLUDED.claimed_at
 WHERE reports_sent.status IN ('sending', 'failed') AND reports_sent.lease_until <= $3
RETURNING attempts, coalesce(sent_targets, ARRAY[]::text[]) AS sent_targets`;

const RECORD_SQL = `
UPDATE reports_sent
   SET status = $4::text, sent_targets = $5, last_error = $6,
       sent_at = CASE WHEN $4::text = 'sent' THEN $3::timestamptz END,
       lease_until = $3::timestamptz + make_interval(secs => $7::int / 1000.0)
 WHERE team = $1 AND date = $2::date AND attempts = $8`;

export function createReportSentStore(pool: Pick<Pool, 'query'>): ReportSentStore {
  return {
    async claim(team, date, now) {
      const res = await pool.query<{ attempts: number; sent_targets: string[] }>(CLAIM_SQL, [
        team,
        date,
        now,
        REPORT_LEASE_MS,
      ]);
      const row = res.rows[0];
      return row ? { team, date, attempt: row.attempts, sentTargets: row.sent_targets } : null;
    },
    async record(claim, outcome, now) {
      const nothingReached = outcome.lastError !== null && outcome.sentTargets.length === 0;
      const status = outcome.retry
        ? claim.attempt >= REPORT_MAX_ATTEMPTS
          ? 'dead'
          : 'failed'
        : nothingReached
          ? 'dead'
          : 'sent';
      // Only the holder of this attempt writes: a process that outlived its lease changes nothing.
      await pool.query(RECORD_SQL, [
        claim.team,
        claim.date,
        now,
        status,
        outcome.sentTargets,
        outcome.lastError,
        REPORT_RETRY_MS,
        claim.attempt,
      ]);
    },
  };
}
