// CONTRACT §3 Event → EventInput. Events may be retried or replayed by channels, so each gets an
// idempotency key: the sender's eventId when given, else a hash of what makes it the same event.
import { createHash } from 'node:crypto';
import { addressHash } from '../domain/address.js';
import {
  EVENT_TYPES,
  LOGISTICS_STATUSES,
  type EventData,
  type EventInput,
  type EventType,
} from '../domain/event.js';
import { pointer, type Issue } from '../lib/errors.js';
import { readChannel, readEnum, readText } from './text-rules.js';
import { isRecord, readAddress, readAmount, readRecord, readTime } from './validate-order.js';

export type EventResult = { ok: true; event: EventInput } | { ok: false; issues: Issue[] };
type Rec = Record<string, unknown>;
type DataReader = (d: Rec, path: string, issues: Issue[]) => EventData | null;

const required = { required: true };

/** One reader per type; `path` points at the event's `data`. Optional texts default to "". */
const DATA_READERS: Record<EventType, DataReader> = {
  paid: () => ({ type: 'paid' }),
  picked: () => ({ type: 'picked' }),
  packed: () => ({ type: 'packed' }),
  shipped: (d, path, issues) => {
    const trackingNo = readText(d, 'trackingNo', 'trackingNo', path, issues, required);
    const carrier = readText(d, 'carrier', 'carrier', path, issues, required);
    return trackingNo && carrier ? { type: 'shipped', trackingNo, carrier } : null;
  },
  logistics: (d, path, issues) => {
    const label = { zh: '物流状态', en: 'logistics status' };
    const status = readEnum(d, 'status', LOGISTICS_STATUSES, label, path, issues);
    const description = readText(d, 'description', 'description', path, issues) ?? '';
    return status && { type: 'logistics', status, description };
  },
  refund_requested: (d, path, issues) => {
    const refundId = readText(d, 'refundId', 'refundId', path, issues, required);
    const amountFen = readAmount(d, 'amount', path, issues);
    const reason = readText(d, 'reason', 'reason', path, issues) ?? '';
    return refundId && amountFen !== null ? { type: 'refund_requested', refundId, amountFen, reason } : null;
  },
  refund_cancelled: (d, path, issues) => {
    const refundId = readText(d, 'refundId', 'refundId', path, issues, required);
    return refundId === null ? null : { type: 'refund_cancelled', refundId };
  },
  cancelled: (d, path, issues) => ({
    type: 'cancelled',
    reason: readText(d, 'reason', 'reason', path, issues) ?? '',
  }),
  address_changed: (d, path, issues) => {
    const rec = readRecord(d, 'address', path, issues, true);
    const address = rec && readAddress(rec, pointer(path, 'address'), issues);
    return address && { type: 'address_changed', address, addressHash: addressHash(address) };
  },
  remark: (d, path, issues) => {
    const text = readText(d, 'text', 'text', path, issues, required);
    return text === null ? null : { type: 'remark', text };
  },
};

/** JSON with object keys sorted at every depth, so {a,b} and {b,a} hash alike. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_key, x: unknown) => (isRecord(x) ? sortKeys(x) : x));
}

function sortKeys(x: Rec): Rec {
  // fromEntries defines own properties, so a "__proto__" key stays data, never a prototype.
  const keys = Object.keys(x).sort();
  return Object.fromEntries(keys.map((k) => [k, x[k]]));
}

function idempotencyKey(eventId: string | null, parts: [string, string, EventType, Date, unknown]): string {
  const [channel, externalId, type, at, rawData] = parts;
  if (eventId !== null) return `id:${channel}:${eventId}`;
  const canonical = canonicalJson([channel, externalId, type, at.toISOString(), rawData]);
  return `h:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** Validates one event of a batch; `path` locates it in the body (e.g. "/events/3"). Never throws. */
export function validateEvent(v: unknown, path: string): EventResult {
  if (!isRecord(v)) {
    return { ok: false, issues: [{ path, message: '事件必须是 JSON 对象 / event must be an object' }] };
  }
  const issues: Issue[] = [];
  const eventId = readText(v, 'eventId', 'eventId', path, issues);
  const channel = readChannel(v, path, issues);
  const externalId = readText(v, 'externalId', 'externalId', path, issues, required);
  const type = readEnum(v, 'type', EVENT_TYPES, { zh: '事件类型', en: 'event type' }, path, issues);
  const at = readTime(v, 'at', path, issues, true);
  // `data` may be omitted when the type needs none; missing fields are then reported under /data.
  const rawData = v.data === undefined || v.data === null ? {} : readRecord(v, 'data', path, issues);
  const data = type && rawData ? DATA_READERS[type](rawData, pointer(path, 'data'), issues) : null;
  if (issues.length > 0 || !channel || !externalId || !type || !at || !data) return { ok: false, issues };
  let key: string;
  try {
    key = idempotencyKey(eventId, [channel, externalId, type, at, rawData]);
  } catch {
    // JSON.stringify recurses: absurdly deep `data` would overflow the stack. Report, don't throw.
    return {
      ok: false,
      issues: [{ path: pointer(path, 'data'), message: '数据嵌套过深 / data is nested too deeply' }],
    };
  }
  return { ok: true, event: { idempotencyKey: key, eventId, channel, externalId, type, at, data, rawData } };
}
