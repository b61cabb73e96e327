// One fault run: post a storm of orders in batches while people tap cards and a test-specific "chaos"
// loop breaks things (kills, restarts, platform faults), then wait — with a deadline, never a timing
// assertion — until everything settled, and count at the edges.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { countExactlyOnce, quiet, targetsOf, type Count } from './check.js';
import type { FaultTeam, Platforms } from './platforms.js';
import type { Rng } from './rng.js';
import {
  createClicker,
  postUntilAccepted,
  type Click,
  type Clicker,
  type PlannedOrder,
  type Tappable,
} from './traffic.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cards people can tap now: first cards (seq 0) of alerts, on both platforms. */
function tappable(p: Platforms) {
  const teamByHash = new Map<string, { team: FaultTeam; platform: 'wecom' | 'dingtalk' }>();
  for (const team of p.teams) {
    const [w, d] = targetsOf(team.id);
    const h = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 8);
    teamByHash.set(h(w!), { team, platform: 'wecom' });
    teamByHash.set(h(d!), { team, platform: 'dingtalk' });
  }
  const parse = (key: string) => {
    const m = /^ow_([0-9a-f]{32})_([0-9a-f]{8})_0$/.exec(key);
    const owner = m && teamByHash.get(m[2]!);
    if (!m || !owner) return null;
    const hex = m[1]!;
    const alertId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { card: key, alertId, ...owner };
  };
  return (): Tappable[] => {
    const wecom = p.wecom.cards().map((c) => parse(c.taskId));
    const ding = p.dingtalk.cards().map((c) => parse(c.outTrackId));
    return [...wecom, ...ding].filter((x): x is NonNullable<typeof x> => x !== null);
  };
}

export interface StormOptions {
  rng: Rng;
  platforms: Platforms;
  pool: pg.Pool;
  /** The API processes to post to (those running now). */
  apis: () => string[];
  orders: PlannedOrder[];
  batchSize: number;
  /** Pause between batches, ms. */
  pause: [number, number];
  /** How many alerts get a tap (claim or hold). */
  taps: number;
  /** Breaks things while the storm runs; resolves when it is done breaking. */
  chaos?: (storm: { done: () => boolean; clicker: Clicker }) => Promise<void>;
  /** Before the final wait: put everything back (restart what is down). */
  heal?: () => Promise<void>;
  /** How long the settling may take (leases of sends a kill interrupted run out after 60 s). */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface StormResult {
  count: Count;
  clicks: Click[];
}

export async function runStorm(o: StormOptions): Promise<StormResult> {
  const log = o.log ?? ((line: string) => console.log(`[faults] ${line}`));
  const clicker = createClicker(o.platforms, o.rng);
  const cards = tappable(o.platforms);
  let posted = false;
  let tapping = true;

  const poster = (async () => {
    for (let i = 0; i < o.orders.length; i += o.batchSize) {
      await postUntilAccepted(
        o.apis,
        o.orders.slice(i, i + o.batchSize).map((x) => x.body),
      );
      await sleep(o.rng.int(o.pause[0], o.pause[1]));
    }
    posted = true;
  })();

  /** People look at taps nobody saw applied: applied by now (the card shows it), or tap again. */
  const followUp = async () => {
    for (const c of clicker.unconfirmed()) {
      const applied = await o.pool
        .query(`SELECT 1 FROM actions WHERE alert_id = $1 AND action = $2 AND result = 'ok'`, [
          c.alertId,
          c.action,
        ])
        .catch(() => null); // the database is down: look again later
      if (!applied) continue;
      if (applied.rows.length > 0) clicker.confirm(c);
      else {
        const card = cards().find((x) => x.alertId === c.alertId && x.platform === c.platform);
        if (card) clicker.retap(c, card.card);
      }
    }
  };

  const tapper = (async () => {
    let lastRetry = Date.now();
    while (tapping) {
      if (clicker.clicks.length < o.taps) clicker.tapSomething(cards());
      if (Date.now() - lastRetry > 2_000) {
        lastRetry = Date.now();
        await clicker.retryUnanswered();
        await followUp();
      }
      await sleep(o.rng.int(150, 500));
    }
  })();

  const chaos = o.chaos ? o.chaos({ done: () => posted, clicker }) : Promise.resolve();
  await Promise.all([poster, chaos]);
  log(`storm posted: ${o.orders.length} orders; ${clicker.clicks.length} taps so far`);
  await o.heal?.();
  // Taps continue until enough cards got one (cards keep arriving after the last order).
  const tapEnd = Date.now() + 60_000;
  while (clicker.clicks.length < o.taps && Date.now() < tapEnd) await sleep(200);
  tapping = false;
  await tapper;

  const deadline = Date.now() + (o.settleMs ?? 150_000);
  let stableSince = 0;
  let last = '';
  for (;;) {
    await clicker.settle();
    await clicker.retryUnanswered();
    await followUp();
    const unanswered = clicker.clicks.filter((c) => c.platform === 'wecom' && !c.done).length;
    const unacked = clicker.dingtalkUnacked().length;
    const unseen = clicker.clicks.filter((c) => !c.confirmed).length;
    const why =
      (unanswered && `${unanswered} WeCom taps unanswered`) ||
      (unacked && `${unacked} DingTalk taps unacked`) ||
      (unseen && `${unseen} taps not seen applied yet`) ||
      (await quiet(o.pool, o.orders));
    if (why) {
      stableSince = 0;
      if (why !== last) log(`waiting: ${why}`);
      last = why;
    } else if (!stableSince) stableSince = Date.now();
    else if (Date.now() - stableSince > 3_000) break;
    if (Date.now() > deadline) throw new Error(`did not settle: ${why || 'not stable'}`);
    await sleep(500);
  }
  const count = await countExactlyOnce(o.pool, o.platforms, o.orders, clicker.clicks);
  const retaps = clicker.clicks.reduce((n, c) => n + c.taps - 1, 0);
  const retries = clicker.clicks.reduce((n, c) => n + c.tries - c.taps, 0);
  log(
    `counted: ${count.alerts} alerts, cards wecom ${count.cards.wecom} / dingtalk ${count.cards.dingtalk} ` +
      `(digests ${count.cards.digests}), ${count.clicks} tapped alerts (${retaps} taps again after an ` +
      `error, ${retries} WeCom retries), ${count.actionsOk} applied` +
      (count.problems.length ? `; ${count.problems.length} problems` : ''),
  );
  return { count, clicks: clicker.clicks };
}
