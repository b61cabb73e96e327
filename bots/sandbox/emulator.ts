// What every platform emulator exposes to tests and to the sandbox UI: the requests it received, the
// faults it should inject next, and a way to expire every access token it issued.

export interface RecordedRequest {
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
}

/**
 * A fault to inject on the next `count` requests whose path contains `path` (all API paths when absent;
 * token endpoints are never faulted unless named):
 * - http5xx: answer 502 with an HTML body, as a gateway would;
 * - busy: the platform's own "system busy" answer (WeCom errcode -1 on HTTP 200; DingTalk 500 system.busy);
 * - throttle: the platform's real rate-limit answer (WeCom 45009; DingTalk webhook 410100, new API 403
 *   Forbidden.AccessDenied.QpsLimitForAppkeyAndApi);
 * - timeout: accept the request and never answer (the socket stays open until the emulator closes);
 * - reset: destroy the socket without an answer.
 */
export interface FaultPlan {
  kind: 'http5xx' | 'busy' | 'throttle' | 'timeout' | 'reset';
  count: number;
  path?: string;
}

export interface EmulatorControl {
  /** Base URL, e.g. http://127.0.0.1:41234 — pass it as WECOM_API_BASE / DINGTALK_API_BASE. */
  readonly url: string;
  requests(pathContains?: string): RecordedRequest[];
  fail(plan: FaultPlan): void;
  /** Every token issued so far is now expired; the next call using one gets the platform's expiry error. */
  expireTokens(): void;
  /** Forget recorded requests, messages, cards, faults and rate-limit windows. */
  reset(): void;
  close(): Promise<void>;
}
