// The batch envelope `{"orders":[...]}` / `{"events":[...]}`. A wrong envelope makes the whole request
// unusable (400); items inside are validated one by one later and reported per index.
import { BadRequestError, PayloadTooLargeError } from '../lib/errors.js';
import { isRecord } from './validate-order.js';

export type EnvelopeKey = 'orders' | 'events';

export const MAX_BATCH = 5000;

const OTHER: Record<EnvelopeKey, EnvelopeKey> = { orders: 'events', events: 'orders' };

function invalid(zh: string, en: string): BadRequestError {
  return new BadRequestError('invalid_envelope', `${zh} / ${en}`);
}

/** Returns the batch's items (1..max); throws BadRequestError (400) or PayloadTooLargeError (413). */
export function readEnvelope(body: unknown, key: EnvelopeKey, max = MAX_BATCH): unknown[] {
  const shape = `{"${key}":[...]}`;
  if (!isRecord(body)) {
    throw invalid(`请求体必须是 JSON 对象，形如 ${shape}`, `body must be a JSON object like ${shape}`);
  }
  const items = body[key];
  if (items === undefined) {
    // A common slip: posting events to the orders endpoint (or the reverse).
    const other = OTHER[key];
    const hint = body[other] !== undefined ? `；"${other}" 请发到 /api/v1/${other}` : '';
    const hintEn = hint ? `; send "${other}" to /api/v1/${other}` : '';
    throw invalid(
      `缺少 "${key}" 数组，应为 ${shape}${hint}`,
      `missing "${key}" array, expected ${shape}${hintEn}`,
    );
  }
  if (!Array.isArray(items)) throw invalid(`"${key}" 必须是数组`, `"${key}" must be an array`);
  if (items.length === 0) throw invalid(`"${key}" 至少要有 1 条`, `"${key}" must not be empty`);
  if (items.length > max) {
    throw new PayloadTooLargeError(
      `单次最多 ${max} 条，收到 ${items.length} 条，请分批发送 / at most ${max} ${key} per request, got ${items.length}; split the batch`,
    );
  }
  return items;
}
