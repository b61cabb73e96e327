// Real Postgres + the SMS emulator + the ingest service feeding customer notices, all on one fake clock.
import { startSmsEmulator, type SmsEmulator } from '../../../bots/sandbox/sms/index.js';
import { createAliyunSms, createCustomerChannel } from '../../../bots/sms/index.js';
import { createCustomerNotices, type CustomerNotices } from '../../../src/customers/notice-service.js';
import { loadNoticeTemplates } from '../../../src/customers/render.js';
import { NOTICE_KINDS } from '../../../src/customers/types.js';
import { DEFAULT_SMS_TEMPLATE_CODES } from '../../../src/customers/views.js';
import { createIngestService, type IngestService } from '../../../src/ingest/ingest-service.js';
import { fakeClock } from '../../../src/lib/clock.js';
import { createCustomerStore } from '../../../src/store/customer-store.js';
import { capturedLogger } from '../../contract/harness.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { eventBody, orderBody } from '../../helpers/orders.js';

export const SECRET = 'sms-secret-never-logged';

export interface Harness {
  db: TestDatabase;
  emu: SmsEmulator;
  clock: ReturnType<typeof fakeClock>;
  customers: CustomerNotices;
  ingest: IngestService;
  logs: () => string;
  order(externalId: string, phone: string, over?: Record<string, unknown>): Promise<void>;
  scan(externalId: string, status: string, at: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(opts: { invalidNumbers?: string[] } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = fakeClock('2026-11-22T02:00:00Z'); // 10:00 in Shanghai
  const templates = loadNoticeTemplates('templates/customer');
  const emu = await startSmsEmulator({
    accessKeyId: 'LTAItest',
    accessKeySecret: SECRET,
    signName: '订单守望',
    templates: Object.fromEntries(
      NOTICE_KINDS.map((k) => [
        DEFAULT_SMS_TEMPLATE_CODES[k],
        { params: templates.params(k), content: templates.aliyunContent(k) },
      ]),
    ),
    now: () => clock.now().getTime(),
    ...(opts.invalidNumbers ? { invalidNumbers: opts.invalidNumbers } : {}),
  });
  const { log, text } = capturedLogger();
  const sms = createAliyunSms({
    config: {
      provider: 'aliyun',
      apiBase: emu.url,
      accessKeyId: 'LTAItest',
      accessKeySecret: SECRET,
      signName: '订单守望',
    },
    clock,
    log,
    timeoutMs: 2000,
  });
  const customers = createCustomerNotices({
    store: createCustomerStore(db.pool),
    channel: createCustomerChannel({ sms }),
    templates,
    clock,
    log,
    random: () => 0,
    retry: { baseMs: 10_000, capMs: 600_000, maxAttempts: 5 },
  });
  const ingest = createIngestService({
    store: db.store,
    clock,
    afterCommit: (ids) => customers.onOrdersChanged(ids).then(() => {}),
  });
  const check = (r: { results: { ok: boolean }[] }) => {
    if (!r.results.every((x) => x.ok)) throw new Error(`ingest failed: ${JSON.stringify(r)}`);
  };
  return {
    db,
    emu,
    clock,
    customers,
    ingest,
    logs: text,
    async order(externalId, phone, over = {}) {
      check(
        await ingest.ingestOrders({
          orders: [orderBody({ externalId, buyer: { name: '张三', phone }, ...over })],
        }),
      );
      const shipped = eventBody(
        'shipped',
        '2026-11-22T09:00:00+08:00',
        { trackingNo: `SF${externalId}`, carrier: '顺丰' },
        { externalId },
      );
      check(await ingest.ingestEvents({ events: [shipped] }));
    },
    async scan(externalId, status, at) {
      const e = eventBody('logistics', at, { status, description: `${status} scan` }, { externalId });
      check(await ingest.ingestEvents({ events: [e] }));
    },
    async close() {
      await emu.close();
      await db.drop();
    },
  };
}
