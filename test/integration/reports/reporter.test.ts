import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import type { Notifier, SendOutcome, SendRequest } from '../../../src/notify/notifier.js';
import { createDailyReporter } from '../../../src/reports/reporter.js';
import { createPool, type Pool } from '../../../src/store/pool.js';
import { REPORT_MAX_ATTEMPTS, REPORT_RETRY_MS } from '../../../src/store/report-sent.js';
import { createReportStore } from '../../../src/store/report-store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { seedReportDay } from './seed.js';

let db: TestDatabase;
let second: Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  second = createPool(db.url);
  await seedReportDay(db.pool);
});
afterAll(async () => {
  await second?.end();
  await db?.drop();
});
beforeEach(async () => {
  await db.pool.query('TRUNCATE reports_sent');
});

function notifier(answers: SendOutcome[] = []) {
  const sends: SendRequest[] = [];
  const n: Notifier = {
    platform: 'dingtalk',
    channels: ['dingtalk_group'],
    async send(req) {
      sends.push(req);
      return answers.shift() ?? { ok: true, ref: {} };
    },
    async update() {
      return { ok: false, retryable: false, reason: 'no' };
    },
  };
  return { n, sends };
}

/** A reporter as one process would build it: its own pool, the same database. */
function reporterProcess(pool: Pool, clock: ReturnType<typeof fakeClock>, n: Notifier) {
  return createDailyReporter({
    store: createReportStore(pool),
    notifiers: [n],
    targets: {
      resolve: (team) => [
        {
          id: `dingtalk_group:${team}`,
          channel: 'dingtalk_group',
          team: team ?? 'default',
          destination: { channel: 'dingtalk_group', conversationId: `cid-${team}` },
          budgets: [],
          mentions: [],
        },
      ],
    },
    clock,
    log: createLogger('silent'),
    teams: ['ops', 'wh'],
  });
}

const rows = async () =>
  (
    await db.pool.query(
      `SELECT team, to_char(date, 'YYYY-MM-DD') AS date, status, attempts, sent_targets FROM reports_sent ORDER BY team`,
    )
  ).rows;

describe('daily reporter on Postgres', () => {
  it('sends each team its report once when two processes tick at the same moment', async () => {
    const clock = fakeClock('2026-11-23T01:00:00Z');
    const out = notifier();
    const a = reporterProcess(db.pool, clock, out.n);
    const b = reporterProcess(second, clock, out.n);
    const results = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(results.flatMap((r) => r.teams).sort()).toEqual(['ops', 'wh']);
    expect(out.sends.map((s) => s.idempotencyKey).sort()).toEqual([
      'owr_ops_2026-11-22',
      'owr_wh_2026-11-22',
    ]);
    expect(out.sends[0]!.card.title).toBe('昨日运营日报 · 11-22');
    expect(await rows()).toEqual([
      { team: 'ops', date: '2026-11-22', status: 'sent', attempts: 1, sent_targets: ['dingtalk_group:ops'] },
      { team: 'wh', date: '2026-11-22', status: 'sent', attempts: 1, sent_targets: ['dingtalk_group:wh'] },
    ]);
    clock.advance(24 * 3600_000 - 60_000);
    expect((await a.tick()).teams).toEqual([]);
  });

  it('claims nothing before 09:00 Shanghai time and sends at 09:00', async () => {
    const clock = fakeClock('2026-11-23T00:59:00Z');
    const out = notifier();
    const a = reporterProcess(db.pool, clock, out.n);
    expect(await a.tick()).toEqual({ date: null, teams: [] });
    expect(await rows()).toEqual([]);
    clock.advance(60_000);
    expect(await a.tick()).toEqual({ date: '2026-11-22', teams: ['ops', 'wh'] });
    expect(out.sends).toHaveLength(2);
  });

  it('retries a retryable failure after the retry delay and gives up after the last attempt', async () => {
    const clock = fakeClock('2026-11-23T01:00:00Z');
    const fail: SendOutcome = { ok: false, retryable: true, reason: '503' };
    const out = notifier(new Array(2 * REPORT_MAX_ATTEMPTS).fill(fail));
    const a = reporterProcess(db.pool, clock, out.n);
    await a.tick();
    expect((await a.tick()).teams).toEqual([]);
    for (let i = 1; i < REPORT_MAX_ATTEMPTS; i++) {
      clock.advance(REPORT_RETRY_MS);
      expect((await a.tick()).teams).toEqual(['ops', 'wh']);
    }
    clock.advance(REPORT_RETRY_MS);
    expect((await a.tick()).teams).toEqual([]);
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ['dead', REPORT_MAX_ATTEMPTS],
      ['dead', REPORT_MAX_ATTEMPTS],
    ]);
  });
});
