// createCustomerNotices: decides which notices are due (after ingest/detection, or when escalation asks for the
// delay notice), records them once per (order, kind), and pumps them out through the CustomerChannel.
import { phoneHash } from '../domain/phone.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../notify/backoff.js';
import { logisticsRemoteRegion } from '../rules/catalogue/logistics-remote-region.js';
import type { CustomerStore, NoticeFilter } from '../store/customer-store.js';
import { chooseFor } from './choose.js';
import { DEFAULT_QUIET_HOURS, isQuiet, releaseAt, type QuietHours } from './quiet-hours.js';
import type { NoticeTemplates } from './render.js';
import { sendOne, type SendContext } from './send-one.js';
import { DEFAULT_SMS_TEMPLATE_CODES, toView } from './views.js';
import type { CustomerChannel, NoticeKind, NoticeStats, NoticeView } from './types.js';

/** Order statuses for which a remote-region notice still helps (the rule's own in-flight set). */
export const REMOTE_IN_FLIGHT = ['paid', 'picking', 'packed', 'shipped'];

export interface CustomerNoticeDeps {
  store: CustomerStore;
  /** null: nothing configured to send with; notices wait (pending, visible) until one is. */
  channel: CustomerChannel | null;
  templates: NoticeTemplates;
  clock: Clock;
  log: Logger;
  /** Aliyun TemplateCode per kind (register templates/customer texts first). */
  smsTemplateCodes?: Partial<Record<NoticeKind, string>>;
  /** The logistics_remote_region rule's provinces (default 新疆/西藏/青海). */
  remoteProvinces?: string[];
  quietHours?: QuietHours;
  retry?: RetryPolicy;
  leaseMs?: number;
  batchSize?: number;
  random?: () => number;
}

export type DelayNoticeResult = 'created' | 'exists' | 'not_applicable';

export function createCustomerNotices(deps: CustomerNoticeDeps) {
  const { store, clock, log } = deps;
  const quietHours = deps.quietHours ?? DEFAULT_QUIET_HOURS;
  const retry = deps.retry ?? { ...DEFAULT_RETRY, baseMs: 30_000, capMs: 30 * 60_000, maxAttempts: 8 };
  const provinces = deps.remoteProvinces ?? logisticsRemoteRegion.defaults.provinces;
  const templateCodes = { ...DEFAULT_SMS_TEMPLATE_CODES, ...deps.smsTemplateCodes };

  async function pump(): Promise<Record<'sent' | 'retry' | 'failed' | 'dead', number>> {
    const tally = { sent: 0, retry: 0, failed: 0, dead: 0 };
    const now = clock.now();
    if (!deps.channel || isQuiet(now, quietHours)) return tally;
    const ctx: SendContext = {
      channel: deps.channel,
      templates: deps.templates,
      templateCodes,
      retry,
      quietHours,
      log,
    };
    if (deps.random) ctx.random = deps.random;
    const claimed = await store.claim({
      now,
      leaseMs: deps.leaseMs ?? 120_000,
      limit: deps.batchSize ?? 100,
      choose: (due, sessions) => chooseFor(due, sessions, now, Boolean(deps.channel?.kf)),
    });
    for (const n of claimed) {
      const result = await sendOne(ctx, n, () => clock.now());
      await store.record(n.id, result, clock.now());
      tally[result.status] += 1;
    }
    return tally;
  }

  return {
    /** After ingest/detection committed: insert the notices now due for these orders (set-based, once each). */
    async onOrdersChanged(orderIds: readonly string[]): Promise<number> {
      const now = clock.now();
      const inserted = await store.insertDue({
        orderIds: [...new Set(orderIds)],
        remoteProvinces: provinces,
        inFlight: REMOTE_IN_FLIGHT,
        now,
        sendAt: releaseAt(now, quietHours),
      });
      if (inserted.length > 0) log.debug({ notices: inserted.length }, 'customer notices due');
      return inserted.length;
    },
    /** The escalation port: "您的订单略有延迟…", once per order, for orders still open. */
    async requestDelayNotice(orderId: string): Promise<DelayNoticeResult> {
      const now = clock.now();
      const rows = await store.insertOne(orderId, 'delay', releaseAt(now, quietHours), now);
      if (rows === null) return 'not_applicable';
      return rows.length > 0 ? 'created' : 'exists';
    },
    recordKfSession(s: { openKfid: string; externalUserId: string; phone: string; at?: Date }) {
      const at = s.at ?? clock.now();
      return store.recordKfSession({ ...s, phoneHash: phoneHash(s.phone), at });
    },
    optOut: (phone: string) => store.optOut(phoneHash(phone), clock.now()),
    optIn: (phone: string) => store.optIn(phoneHash(phone)),
    pump,
    async stats(): Promise<NoticeStats> {
      const c = await store.counts();
      const n = (k: string) => c[k] ?? 0;
      return {
        pending: n('pending') + n('sending'),
        sent: n('sent'),
        skipped: n('skipped'),
        failed: n('failed'),
        dead: n('dead'),
      };
    },
    async list(filter: NoticeFilter): Promise<NoticeView[]> {
      return (await store.list(filter)).map(toView);
    },
  };
}

export type CustomerNotices = ReturnType<typeof createCustomerNotices>;
