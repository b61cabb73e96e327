// Composition (part of src/main.ts): customer delivery notices over SMS (Aliyun-style SendSms) and, with
// the WeCom app configured, 微信客服 where the customer's session is open.
import { createAliyunSms, createCustomerChannel } from '../../bots/sms/index.js';
import { createKfSender } from '../../bots/sms/kf-send.js';
import { createWecomHttp } from '../../bots/wecom/http.js';
import type { Config } from '../config/index.js';
import {
  createCustomerNotices,
  loadNoticeTemplates,
  CUSTOMER_TEMPLATE_DIR,
  type CustomerNotices,
} from '../customers/index.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { createCustomerStore } from '../store/customer-store.js';
import type { Pool } from '../store/pool.js';

export function createCustomers(config: Config, pool: Pool, log: Logger): CustomerNotices {
  const clock = systemClock;
  const timeoutMs = config.delivery.platformTimeoutMs;
  const sms = config.sms ? createAliyunSms({ config: config.sms, clock, log, timeoutMs }) : null;
  const app = config.wecom.app;
  const kf =
    sms && app
      ? createKfSender({
          http: createWecomHttp({ apiBase: config.wecom.apiBase, fetch: globalThis.fetch, timeoutMs }),
          corpId: app.corpId,
          secret: app.secret,
          clock,
          log,
        })
      : undefined;
  return createCustomerNotices({
    store: createCustomerStore(pool),
    channel: sms ? createCustomerChannel({ sms, ...(kf ? { kf } : {}) }) : null,
    templates: loadNoticeTemplates(CUSTOMER_TEMPLATE_DIR),
    clock,
    log,
    remoteProvinces: config.rules.logistics_remote_region?.provinces as string[] | undefined,
    quietHours: config.delivery.quietHours,
  });
}
