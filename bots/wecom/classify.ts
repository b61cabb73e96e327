// ApiResult → SendOutcome. Retry what can get better by waiting (busy, 5xx, network, timeouts, throttling);
// give up on what cannot (bad key, bad payload, no permission). Reasons are short and carry no secret.
import type { SendOutcome } from '../../src/notify/notifier.js';
import type { ApiResult } from './http.js';

export type Failure = Extract<SendOutcome, { ok: false }>;

/** WeCom codes worth retrying (wecom.md §7): busy, concurrency limit, token churn that outlived our one refresh. */
const RETRYABLE = new Set([-1, 45033, 40014, 42001]);
export const THROTTLE_ERRCODE = 45009;
export const THROTTLE_MS = 60_000;
export const TASK_ID_EXISTS = 42014;
export const TOKEN_ERRCODES = new Set([40014, 42001]);

/** Query strings (where tokens and keys travel) and every known secret are cut out of free text. */
export function scrub(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text.replace(/\?\S*/g, '');
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/** WeCom's errmsg up to its hint/"more info" tail, capped: enough to name the problem. */
function shortMessage(errmsg: string): string {
  const head = errmsg.split(/,\s*(?:hint|from ip|more info)/)[0] ?? '';
  return head.length > 80 ? `${head.slice(0, 79)}…` : head;
}

function describe(result: ApiResult): string {
  switch (result.kind) {
    case 'errcode':
      return `errcode ${result.errcode} ${shortMessage(result.errmsg)}`.trim();
    case 'http':
      return `HTTP ${result.status}`;
    case 'bad-body':
      return `HTTP ${result.status} with a body that is not a JSON object`;
    case 'network':
      return `network error ${result.detail}`;
    case 'timeout':
      return `no answer within ${result.afterMs} ms`;
    case 'ok':
      return 'ok';
  }
}

export function reasonOf(result: ApiResult, secrets: readonly (string | null | undefined)[]): string {
  return scrub(`wecom ${result.path}: ${describe(result)}`, secrets);
}

function retryable(result: ApiResult): boolean {
  switch (result.kind) {
    case 'errcode':
      return RETRYABLE.has(result.errcode) || result.errcode === THROTTLE_ERRCODE;
    case 'http':
      return result.status >= 500 || result.status === 429;
    default:
      return true;
  }
}

export function failureOf(result: ApiResult, secrets: readonly (string | null | undefined)[]): Failure {
  const failure: Failure = { ok: false, retryable: retryable(result), reason: reasonOf(result, secrets) };
  const throttled =
    (result.kind === 'errcode' && result.errcode === THROTTLE_ERRCODE) ||
    (result.kind === 'http' && result.status === 429);
  return throttled ? { ...failure, throttledForMs: THROTTLE_MS } : failure;
}

export function permanent(reason: string, extra: Partial<Failure> = {}): Failure {
  return { ok: false, retryable: false, reason, ...extra };
}

export function errcodeOf(result: ApiResult): number | null {
  return result.kind === 'errcode' ? result.errcode : null;
}
