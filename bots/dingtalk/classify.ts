// Platform answers → SendOutcome failures (dingtalk.md §4.3 errcodes, §5.3 error shapes and throttling).
// Reasons carry codes and platform messages only: never URLs with queries, tokens or secrets.
import type { SendOutcome } from '../../src/notify/notifier.js';

export type Failure = Extract<SendOutcome, { ok: false }>;

export const QPS_BACKOFF_MS = 1_500;
export const ORG_QUOTA_BACKOFF_MS = 3_600_000;
export const ROBOT_BLOCK_MS = 600_000;
const IP_BAN_MS = 300_000;

const RETRYABLE_CODES = new Set(['system.busy', 'system.error', 'resource.unavailable']);
const THROTTLE_CODES: Record<string, number> = {
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': QPS_BACKOFF_MS,
  'Forbidden.AccessDenied.QpsLimitForApi': QPS_BACKOFF_MS,
  'Forbidden.AccessDenied.ApiCountLimitForOrg': ORG_QUOTA_BACKOFF_MS,
  'send.too.fast': ROBOT_BLOCK_MS,
  'send.byToken.tooFast': ROBOT_BLOCK_MS,
};
/** Old-API / webhook errcodes meaning "slow down": 410100 (documented), 660026 (observed live). */
const THROTTLE_ERRCODES: Record<number, number> = {
  410100: ROBOT_BLOCK_MS,
  660026: ROBOT_BLOCK_MS,
  90018: QPS_BACKOFF_MS,
  90002: QPS_BACKOFF_MS,
  90020: ORG_QUOTA_BACKOFF_MS,
};

const fail = (retryable: boolean, reason: string, throttledForMs?: number): Failure =>
  throttledForMs === undefined
    ? { ok: false, retryable, reason }
    : { ok: false, retryable, reason, throttledForMs };

interface NewApiError {
  code?: unknown;
  message?: unknown;
  status?: unknown;
}

/** A non-2xx new-API answer (`body` parsed JSON, or null for HTML and the like). */
export function classifyApiError(op: string, status: number, body: unknown): Failure {
  const b = (typeof body === 'object' && body !== null ? body : {}) as NewApiError;
  const code = typeof b.code === 'string' ? b.code : '';
  const message = typeof b.message === 'string' ? b.message.slice(0, 200) : '';
  const reason = `dingtalk ${op}: HTTP ${status}${code ? ` ${code}` : ''}${message ? ` ${message}` : ''}`;
  if (b.status === 1111) return fail(true, `dingtalk ${op}: egress IP banned`, IP_BAN_MS);
  const throttle = THROTTLE_CODES[code];
  if (throttle !== undefined) return fail(true, reason, throttle);
  if (status >= 500 || status === 429 || RETRYABLE_CODES.has(code)) return fail(true, reason);
  if (status === 401 || code === 'InvalidAuthentication') return fail(true, reason);
  return fail(false, reason);
}

/** An HTTP-200 old-API/webhook answer with errcode ≠ 0. */
export function classifyErrcode(op: string, errcode: number, errmsg: unknown): Failure {
  const reason = `dingtalk ${op}: errcode ${errcode}${typeof errmsg === 'string' ? ` ${errmsg.slice(0, 200)}` : ''}`;
  const throttle = THROTTLE_ERRCODES[errcode];
  if (throttle !== undefined) return fail(true, reason, throttle);
  // -1 busy; 15/88 with a timeout mean the platform gave up in time (§5.3 timeouts).
  if (errcode === -1 || errcode === 15) return fail(true, reason);
  return fail(false, reason);
}

/** fetch rejected: AbortSignal.timeout fires a TimeoutError; anything else is the network. */
export function classifyThrown(op: string, err: unknown, timeoutMs: number): Failure {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return fail(true, `dingtalk ${op}: timeout after ${timeoutMs}ms`);
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return fail(true, `dingtalk ${op}: network error${typeof cause === 'string' ? ` ${cause}` : ''}`);
}
