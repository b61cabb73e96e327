// What the SMS emulator remembers; views hand out copies.
import type { FaultPlan, RecordedRequest } from '../emulator.js';

export interface SmsTemplate {
  /** TemplateParam keys the template needs. */
  params: string[];
  /** The registered text with ${key} placeholders; messages show it filled in. */
  content?: string;
}

/** Per-number flow control (per sign name): at most `max` messages within `windowMs`. */
export interface SmsLimit {
  windowMs: number;
  max: number;
  /** The Message Aliyun answers with (UNCONFIRMED wording). */
  message: string;
}

/**
 * Aliyun's defaults for one number and one sign name: 1/min, 5/h, 10/day (developer.aliyun.com/ask/474934 gives
 * these for verification codes; notices are configurable per sign+template in the console, help doc 108293).
 */
export const DEFAULT_LIMITS: SmsLimit[] = [
  { windowMs: 60_000, max: 1, message: '触发分钟级流控Permits:1' },
  { windowMs: 3_600_000, max: 5, message: '触发小时级流控Permits:5' },
  { windowMs: 86_400_000, max: 10, message: '触发天级流控Permits:10' },
];

export interface SmsEmulatorOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templates: Record<string, SmsTemplate>;
  /** Milliseconds since the epoch: drives rate windows and the timestamp check. */
  now?: () => number;
  port?: number;
  limits?: SmsLimit[];
  /** Well-formed numbers the operator reports as illegal (empty, data-only, unallocated). */
  invalidNumbers?: string[];
  /** How far Timestamp may be from now (UNCONFIRMED: Aliyun's exact tolerance). */
  maxSkewMs?: number;
}

export interface SmsMessage {
  at: number;
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  /** The template's content with the params filled in ('' when the template has none). */
  text: string;
  bizId: string;
}

export interface SmsState {
  opts: SmsEmulatorOptions;
  now: () => number;
  url: string;
  requests: RecordedRequest[];
  faults: FaultPlan[];
  messages: SmsMessage[];
  nonces: Map<string, number>;
}

export function createState(opts: SmsEmulatorOptions): SmsState {
  return {
    opts,
    now: opts.now ?? Date.now,
    url: '',
    requests: [],
    faults: [],
    messages: [],
    nonces: new Map(),
  };
}

export function clearState(s: SmsState): void {
  s.requests.length = 0;
  s.faults.length = 0;
  s.messages.length = 0;
  s.nonces.clear();
}
