import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../../src/lib/clock.js';
import { createLogger } from '../../../src/lib/logger.js';
import type { Notifier, SendOutcome, SendRequest } from '../../../src/notify/notifier.js';
import type { Target } from '../../../src/notify/targets.js';
import { createDailyReporter, reportIdempotencyKey } from '../../../src/reports/reporter.js';
import type { ReportClaim, ReportOutcome } from '../../../src/store/report-sent.js';
import type { ReportStore } from '../../../src/store/report-store.js';
import { sampleReport } from './fixtures.js';

const log = createLogger('silent');

/** reports_sent in memory: one claim per (team, date) unless a retry is due. */
function memoryStore() {
  const rows = new Map<string, { claim: ReportClaim; outcome: ReportOutcome | null }>();
  const store: ReportStore = {
    compute: async (q) => sampleReport({ date: q.date, team: q.team ?? null }),
    async claim(team, date) {
      const row = rows.get(`${team}/${date}`);
      if (row && (row.outcome === null || !row.outcome.retry)) return null;
      const claim = {
        team,
        date,
        attempt: (row?.claim.attempt ?? 0) + 1,
        sentTargets: row?.outcome?.sentTargets ?? [],
      };
      rows.set(`${team}/${date}`, { claim, outcome: null });
      return claim;
    },
    async record(claim, outcome) {
      rows.set(`${claim.team}/${claim.date}`, { claim, outcome });
    },
  };
  return { store, rows };
}

function recordingNotifier(channels: Notifier['channels'], answers: SendOutcome[] = []) {
  const sends: SendRequest[] = [];
  const images: Buffer[] = [];
  const notifier = {
    platform: 'wecom' as const,
    channels,
    async send(req: SendRequest) {
      sends.push(req);
      return answers.shift() ?? { ok: true as const, ref: {} };
    },
    async update(): Promise<SendOutcome> {
      return { ok: false, retryable: false, reason: 'no' };
    },
    async sendImage(req: { png: Buffer }): Promise<SendOutcome> {
      images.push(req.png);
      return { ok: true, ref: {} };
    },
  };
  return { notifier, sends, images };
}

const target = (team: string, channel: Target['channel']): Target => ({
  id: `${channel}:${team}`,
  channel,
  team,
  destination: { channel, webhookKey: 'k' },
  budgets: [],
  mentions: [],
});

function setup(at: string, answers: SendOutcome[] = []) {
  const clock = fakeClock(at);
  const mem = memoryStore();
  const wecom = recordingNotifier(['wecom_webhook', 'wecom_app'], answers);
  const reporter = createDailyReporter({
    store: mem.store,
    notifiers: [wecom.notifier],
    targets: {
      resolve: (team) => [target(team ?? 'default', 'wecom_webhook'), target(team ?? 'default', 'wecom_app')],
    },
    clock,
    log,
    teams: ['ops', 'wh'],
  });
  return { clock, reporter, wecom, mem };
}

describe('createDailyReporter', () => {
  it('sends nothing when it is before 09:00 in Shanghai', async () => {
    const t = setup('2026-11-23T00:59:59Z');
    expect(await t.reporter.tick()).toEqual({ date: null, teams: [] });
    expect(t.wecom.sends).toHaveLength(0);
  });

  it("sends yesterday's card to every target of every team once when it is 09:00 or later", async () => {
    const t = setup('2026-11-23T01:00:00Z');
    expect(await t.reporter.tick()).toEqual({ date: '2026-11-22', teams: ['ops', 'wh'] });
    expect(await t.reporter.tick()).toEqual({ date: '2026-11-22', teams: [] });
    expect(t.wecom.sends.map((s) => [s.destination.channel, s.idempotencyKey, s.card.title])).toEqual([
      ['wecom_webhook', 'owr_ops_2026-11-22', '昨日运营日报 · 11-22'],
      ['wecom_app', 'owr_ops_2026-11-22', '昨日运营日报 · 11-22'],
      ['wecom_webhook', 'owr_wh_2026-11-22', '昨日运营日报 · 11-22'],
      ['wecom_app', 'owr_wh_2026-11-22', '昨日运营日报 · 11-22'],
    ]);
  });

  it('posts the chart as a picture to the group robot only when the notifier can send images', async () => {
    const t = setup('2026-11-23T05:00:00Z');
    await t.reporter.tick();
    expect(t.wecom.images).toHaveLength(2);
    expect(t.wecom.images[0]!.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('sends again only to the target that failed when a retryable failure is retried', async () => {
    const t = setup('2026-11-23T01:00:00Z', [
      { ok: true, ref: {} },
      { ok: false, retryable: true, reason: '503' },
    ]);
    await t.reporter.tick();
    expect(t.mem.rows.get('ops/2026-11-22')?.outcome).toEqual({
      sentTargets: ['wecom_webhook:ops'],
      retry: true,
      lastError: 'wecom_app:ops: 503',
    });
    t.wecom.sends.length = 0;
    expect(await t.reporter.tick()).toEqual({ date: '2026-11-22', teams: ['ops'] });
    expect(t.wecom.sends.map((s) => s.destination.channel)).toEqual(['wecom_app']);
  });

  it('keeps team ids inside the idempotency key charset when a team id has other characters', () => {
    expect(reportIdempotencyKey('华东 ops', '2026-11-22')).toMatch(/^owr_[0-9A-Za-z_-]+_2026-11-22$/);
    expect(reportIdempotencyKey('x'.repeat(100), '2026-11-22').length).toBeLessThanOrEqual(64);
  });
});
