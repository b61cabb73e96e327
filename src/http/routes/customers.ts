// Customers: POST|DELETE /api/v1/customers/opt-out {phone} (stored as a hash only) and
// GET /api/v1/customers/notices?status=&channel=&externalId=&limit= (the notices and their counts).
import type { FastifyInstance } from 'fastify';
import { oneOf, parseLimit } from '../query.js';
import type { CustomerNotices } from '../../customers/notice-service.js';
import { NOTICE_STATUSES } from '../../customers/types.js';
import { maskPhone, normalizePhone } from '../../domain/phone.js';
import { BadRequestError } from '../../lib/errors.js';
import { isRecord } from '../../ingest/validate-order.js';

export interface CustomerRouteDeps {
  customers: Pick<CustomerNotices, 'optOut' | 'optIn' | 'list' | 'stats'>;
}

/** The normalised phone of `{phone}`; the error never repeats the number. */
function phoneOf(body: unknown): string {
  if (!isRecord(body) || typeof body.phone !== 'string') {
    throw new BadRequestError(
      'invalid_phone',
      '请求体必须是 {"phone": "..."} / body must be {"phone": "..."}',
    );
  }
  const n = normalizePhone(body.phone);
  if (!n.ok) throw new BadRequestError('invalid_phone', n.message);
  return n.phone;
}

function optional(q: Record<string, unknown>, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 64) {
    throw new BadRequestError('invalid_query', `${key} 必须是 1–64 个字符 / ${key} must be 1–64 characters`);
  }
  return v;
}

export function customerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): void {
  app.post('/api/v1/customers/opt-out', async (req) => {
    const phone = phoneOf(req.body);
    const added = await deps.customers.optOut(phone);
    return { ok: true, phone: maskPhone(phone), optedOut: true, changed: added };
  });

  app.delete('/api/v1/customers/opt-out', async (req) => {
    const phone = phoneOf(req.body);
    const removed = await deps.customers.optIn(phone);
    return { ok: true, phone: maskPhone(phone), optedOut: false, changed: removed };
  });

  app.get('/api/v1/customers/notices', async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const status = oneOf('status', optional(q, 'status'), NOTICE_STATUSES);
    const limit = parseLimit(optional(q, 'limit'), 1000);
    const filter = {
      limit,
      ...(status ? { status } : {}),
      ...(optional(q, 'channel') ? { channel: optional(q, 'channel')! } : {}),
      ...(optional(q, 'externalId') ? { externalId: optional(q, 'externalId')! } : {}),
    };
    const [notices, stats] = await Promise.all([deps.customers.list(filter), deps.customers.stats()]);
    return { notices, stats };
  });
}
