// Decisions to the ERP (CONTRACT.md §2 ORDERWATCH_WEBHOOK_URL/SECRET): the outbox rows the actions wrote
// are leased, POSTed outside any transaction with `X-Orderwatch-Signature: sha256=<HMAC-SHA256(secret,
// body)>` and `X-Orderwatch-Delivery: <id>` (the receiver's idempotency key), retried with backoff on 5xx,
// 429, timeouts and network errors, and declared dead after `maxAttempts`. The secret is never logged.
import { createHmac } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { InteractionStore, LeasedOutbound, OutboundResult } from '../store/interaction-store.js';
import type { InteractionLog } from './interaction-service.js';

export const SIGNATURE_HEADER = 'x-orderwatch-signature';
export const DELIVERY_HEADER = 'x-orderwatch-delivery';

/** `sha256=<hex>` of the raw body. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface OutboundSenderDeps {
  store: Pick<InteractionStore, 'leaseOutbound' | 'recordOutbound'>;
  url: string;
  secret: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  log: InteractionLog;
  /** Attempts before a message is dead (default 10). */
  maxAttempts?: number;
  /** First retry delay, doubling up to 10 minutes (default 5 s). */
  retryBaseMs?: number;
  /** One POST's time limit (default 10 s). */
  timeoutMs?: number;
}

export interface OutboundSender {
  /** Sends everything due now; returns how many were sent, rescheduled and declared dead. */
  pump(): Promise<{ sent: number; retried: number; dead: number }>;
}

const MAX_DELAY_MS = 10 * 60_000;
const BATCH = 50;

type Attempt = { ok: true } | { ok: false; error: string; retryable: boolean };

export function createOutboundSender(deps: OutboundSenderDeps): OutboundSender {
  const maxAttempts = deps.maxAttempts ?? 10;
  const base = deps.retryBaseMs ?? 5_000;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  // A lease outlives one POST comfortably; a crashed sender's lease expires and another process sends.
  const leaseMs = timeoutMs * 3;

  async function post(m: LeasedOutbound): Promise<Attempt> {
    try {
      const res = await deps.fetch(deps.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(deps.secret, m.body),
          [DELIVERY_HEADER]: m.id,
        },
        body: m.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      return { ok: false, error: `HTTP ${res.status}`, retryable };
    } catch (err) {
      return {
        ok: false,
        error: (err as Error).name === 'TimeoutError' ? 'timeout' : String((err as Error).message),
        retryable: true,
      };
    }
  }

  function outcome(m: LeasedOutbound, a: Attempt, now: Date): OutboundResult {
    if (a.ok) return { ok: true };
    if (!a.retryable || m.attempt >= maxAttempts) return { ok: false, error: a.error, retryAt: null };
    const delay = Math.min(MAX_DELAY_MS, base * 2 ** (m.attempt - 1));
    return { ok: false, error: a.error, retryAt: new Date(now.getTime() + delay) };
  }

  return {
    async pump() {
      const counts = { sent: 0, retried: 0, dead: 0 };
      for (;;) {
        const batch = await deps.store.leaseOutbound(deps.clock.now(), leaseMs, BATCH);
        if (batch.length === 0) return counts;
        for (const m of batch) {
          const result = outcome(m, await post(m), deps.clock.now());
          await deps.store.recordOutbound(m.id, m.attempt, result, deps.clock.now());
          if (result.ok) counts.sent++;
          else if (result.retryAt) counts.retried++;
          else counts.dead++;
          if (!result.ok)
            deps.log.warn({ id: m.id, attempt: m.attempt, error: result.error }, 'outbound webhook failed');
        }
      }
    },
  };
}
