// The platforms misbehaving while a storm is delivered and people tap: 5xx bursts, "system busy",
// throttling (WeCom 45009, DingTalk 403 QpsLimit), answers slower than PLATFORM_TIMEOUT_MS (the platform
// took the card, the client gave up and retries with the same key), hung and reset connections, and the
// DingTalk Stream connection dropped without a word (and its reconnect refused for a while).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_TOPIC } from '../../bots/sandbox/dingtalk/stream-drivers.js';
import { cardKey } from '../../src/notify/deliver-one.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { REDIS_URL } from '../helpers/env.js';
import { appProcess, dropLogs, keepLogs, type AppProcess } from './helpers/app-process.js';
import { explain } from './helpers/explain.js';
import { runStorm, sleep } from './helpers/harness.js';
import { faultTeams, startPlatforms, type Platforms } from './helpers/platforms.js';
import { suiteRng, type Rng } from './helpers/rng.js';
import { dropQueues, faultNamespace } from './helpers/queues.js';
import { planOrders, type Click } from './helpers/traffic.js';

const rng = suiteRng('platform faults');
const namespace = faultNamespace();
let db: TestDatabase;
let platforms: Platforms;
let app: AppProcess;
const TIMEOUT_MS = 1_500; // PLATFORM_TIMEOUT_MS of the app (platforms.env)
let tapped: Click[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  platforms = await startPlatforms({ teams: faultTeams(16) });
  app = await appProcess({
    name: `platform-${rng.seed}`,
    role: 'all',
    env: {
      ...platforms.env,
      PLATFORM_TIMEOUT_MS: String(TIMEOUT_MS),
      DATABASE_URL: db.url,
      REDIS_URL,
      QUEUE_BACKEND: 'redis',
      QUEUE_NAMESPACE: namespace,
      SWEEP_INTERVAL_SECONDS: '5',
    },
  });
  await app.start();
  platforms.callbacksTo(app.url!);
});

afterAll(async () => {
  await app?.stop();
  await platforms?.close();
  await db?.drop();
  if (app) await dropQueues(REDIS_URL, namespace);
  dropLogs();
});

const liveStreams = () => platforms.dingtalk.connections().filter((c) => c.closedAt === null);

async function waitStream(ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (liveStreams().length === 0) {
    if (Date.now() > end) throw new Error('the DingTalk Stream did not reconnect');
    await sleep(100);
  }
}

/** Every kind of fault the platforms produce, in a seeded random order. */
function faultPlan(r: Rng): [string, () => void][] {
  const slow = TIMEOUT_MS + 1_000;
  const { wecom, dingtalk } = platforms;
  const faults: [string, () => void][] = [
    ['wecom 5xx burst', () => wecom.fail({ kind: 'http5xx', count: r.int(3, 8) })],
    ['wecom busy', () => wecom.fail({ kind: 'busy', count: r.int(2, 4) })],
    ['wecom 45009', () => wecom.fail({ kind: 'throttle', count: 1, path: '/message/send' })],
    ['wecom hang', () => wecom.fail({ kind: 'timeout', count: 2 })],
    ['wecom reset', () => wecom.fail({ kind: 'reset', count: 2 })],
    ['wecom slow send', () => wecom.answerSlowly({ count: 2, delayMs: slow, path: '/message/send' })],
    [
      'wecom slow update',
      () => wecom.answerSlowly({ count: 2, delayMs: slow, path: '/update_template_card' }),
    ],
    ['dingtalk 5xx burst', () => dingtalk.fail({ kind: 'http5xx', count: r.int(3, 8) })],
    ['dingtalk busy', () => dingtalk.fail({ kind: 'busy', count: r.int(2, 4) })],
    ['dingtalk 403 throttle', () => dingtalk.fail({ kind: 'throttle', count: r.int(2, 4) })],
    ['dingtalk hang', () => dingtalk.fail({ kind: 'timeout', count: 2 })],
    ['dingtalk reset', () => dingtalk.fail({ kind: 'reset', count: 2 })],
    [
      'dingtalk slow create',
      () => dingtalk.answerSlowly({ count: 2, delayMs: slow, path: '/createAndDeliver' }),
    ],
    [
      'dingtalk slow update',
      () => dingtalk.answerSlowly({ count: 2, delayMs: slow, path: '/v1.0/card/instances' }),
    ],
    ['stream dropped', () => void dingtalk.dropStream()],
    [
      'stream dropped, reconnect refused twice',
      () => {
        dingtalk.fail({ kind: 'http5xx', count: 2, path: '/v1.0/gateway/connections/open' });
        dingtalk.dropStream();
      },
    ],
  ];
  for (let i = faults.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [faults[i], faults[j]] = [faults[j]!, faults[i]!];
  }
  return faults;
}

/** What the platforms answered that only a fault explains, by kind (shows the faults did bite). */
function faultAnswers(): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (k: string) => (out[k] = (out[k] ?? 0) + 1);
  for (const r of platforms.wecom.requests()) {
    const code = (r.response as { errcode?: number } | null)?.errcode ?? 0;
    if (r.status !== 200) add(`wecom HTTP ${r.status}`);
    else if (code !== 0) add(`wecom ${code}`);
  }
  for (const r of platforms.dingtalk.requests()) {
    const code = (r.response as { code?: string } | null)?.code;
    if (r.status !== 200) add(`dingtalk HTTP ${r.status}${code ? ` ${code}` : ''}`);
  }
  return out;
}

describe('the platforms misbehaving', () => {
  it('delivers every alert exactly once and applies every tap once through 5xx, throttling, slow answers and Stream drops', async () => {
    const orders = planOrders(`F${rng.seed % 100000}-`, 240, platforms.teams, rng);
    const injected: string[] = [];
    try {
      const { count, clicks } = await runStorm({
        rng,
        platforms,
        pool: db.pool,
        apis: () => [app.url!],
        orders,
        batchSize: 10,
        pause: [300, 600],
        taps: 40,
        async chaos() {
          // Every kind once, while orders pour in and people tap; the storm outlasts the list.
          for (const [name, inject] of faultPlan(rng)) {
            inject();
            injected.push(name);
            await sleep(rng.int(400, 1_000));
          }
        },
        settleMs: 180_000, // a 45009 holds its member's cards for 60 s
      });
      tapped = clicks;
      console.log(`[faults] injected: ${injected.join(', ')}`);
      if (count.problems.length) console.log(await explain(db.pool, platforms, count.problems));
      expect(count.problems).toEqual([]);
      expect(count.alerts).toBe(orders.length);
      expect(count.actionsOk).toBe(count.clicks);
      // The faults did bite: failed calls, and repeats the platforms recognised (42014 task_id exists,
      // param.cardAlreadyExist) after answers that came too late.
      const answers = faultAnswers();
      console.log(`[faults] fault answers: ${JSON.stringify(answers)}`);
      expect(Object.keys(answers).length).toBeGreaterThan(3);
    } catch (err) {
      keepLogs();
      console.log(`[faults] seed ${rng.seed}; log ${app.logFile}:\n${app.tail(60)}`);
      throw err;
    }
  });

  it('applies a tap made while the Stream was down once it reconnects, and a tap after the reconnect, each once', async () => {
    const { rows } = await db.pool.query<{ id: string; team: string; external_id: string }>(
      `SELECT a.id, a.team, o.external_id FROM alerts a JOIN orders o ON o.id = a.order_id
       WHERE a.state = 'open' AND a.muted_reason IS NULL ORDER BY o.external_id`,
    );
    const untapped = rows.filter((r) => !tapped.some((c) => c.alertId === r.id));
    expect(untapped.length).toBeGreaterThanOrEqual(2);
    const tap = async (alert: (typeof untapped)[number]) => {
      const team = platforms.teams.find((t) => t.id === alert.team)!;
      const card = cardKey(alert.id, `dingtalk_card:${team.id}`, 0);
      const before = new Set(platforms.dingtalk.frames().map((f) => f.messageId));
      const answer = platforms.dingtalk.clickCard({
        outTrackId: card,
        userId: team.person.dingtalk,
        actionIds: ['claim'],
        params: { action: 'claim', alertId: alert.id, key: `ow1.claim.${alert.id}` },
      });
      const frame = platforms.dingtalk
        .frames()
        .find((f) => f.topic === CARD_TOPIC && !before.has(f.messageId))!;
      return { answer, frame: frame.messageId, team, card };
    };

    await waitStream();
    expect(platforms.dingtalk.dropStream()).toBeGreaterThan(0);
    const whileDown = await tap(untapped[0]!); // no connection: the gateway holds it and pushes it again
    await waitStream();
    const afterReconnect = await tap(untapped[1]!);
    const end = Date.now() + 60_000;
    const acked = (id: string) => platforms.dingtalk.frames().find((f) => f.messageId === id)?.acked;
    while (!acked(whileDown.frame) || !acked(afterReconnect.frame)) {
      if (Date.now() > end) throw new Error('the taps were never acknowledged');
      await sleep(200);
    }
    expect((await afterReconnect.answer).acked).toBe(true);
    for (const [alert, t] of [
      [untapped[0]!, whileDown],
      [untapped[1]!, afterReconnect],
    ] as const) {
      const audit = await db.pool.query(
        `SELECT result FROM actions WHERE alert_id = $1 AND action = 'claim'`,
        [alert.id],
      );
      expect(audit.rows.map((r) => r.result)).toEqual(['ok']);
      const shows = async () => platforms.dingtalk.card(t.card)?.cardParamMap.status?.includes('已认领');
      const showEnd = Date.now() + 30_000;
      while (!(await shows())) {
        if (Date.now() > showEnd) throw new Error(`the card of ${alert.external_id} never showed the claim`);
        await sleep(200);
      }
    }
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
