// The load of a fault run: orders that each open exactly one known alert, posted by a client that keeps
// retrying until it gets a 200 (what a real channel integration does when the answer is lost), and people
// tapping card buttons on both platforms while the platforms retry callbacks that got no answer.
import { CARD_TOPIC } from '../../../bots/sandbox/dingtalk/stream-drivers.js';
import type { SealedRequest } from '../../../bots/sandbox/wecom/index.js';
import { orderBody } from '../../helpers/orders.js';
import type { FaultTeam, Platforms } from './platforms.js';
import { API_TOKEN } from './platforms.js';
import type { Rng } from './rng.js';

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

export type Expected = 'stuck_unpicked' | 'suspect_vague_address';

export interface PlannedOrder {
  externalId: string;
  team: FaultTeam;
  rule: Expected;
  body: Record<string, unknown>;
}

/**
 * `n` orders spread over the teams. Most are stuck (paid 3 h ago, not picked: stuck_unpicked, which the
 * periodic sweep also finds); the rest have a vague address (suspect_vague_address, found only when the
 * order is ingested, so a lost hand-off to detection would lose it for good). Unique phones, so no
 * velocity or duplicate rule fires.
 */
export function planOrders(prefix: string, n: number, teams: FaultTeam[], rng: Rng): PlannedOrder[] {
  return Array.from({ length: n }, (_, i) => {
    const team = teams[i % teams.length]!;
    const rule: Expected = rng.chance(0.25) ? 'suspect_vague_address' : 'stuck_unpicked';
    const externalId = `${prefix}${String(i).padStart(4, '0')}`;
    const stuck = rule === 'stuck_unpicked';
    const body = orderBody({
      externalId,
      warehouse: team.warehouse,
      buyer: { name: '周敏', phone: `139${String(10_000_000 + i)}` },
      address: {
        province: '浙江省',
        city: '杭州市',
        district: '余杭区',
        detail: stuck ? `文一西路 ${100 + i} 号` : '文一西路学校附近',
      },
      createdAt: iso(stuck ? 3 * HOUR + 60_000 : 11 * 60_000),
      paidAt: iso(stuck ? 3 * HOUR : 10 * 60_000),
      promisedShipAt: iso(-72 * HOUR),
    });
    return { externalId, team, rule, body };
  });
}

/**
 * POSTs a batch until the API answers 200 with every item ok, trying the given API processes in turn
 * (a dead one refuses the connection at once). Throws after `ms`.
 */
export async function postUntilAccepted(
  apis: () => string[],
  orders: Record<string, unknown>[],
  ms = 180_000,
): Promise<number> {
  const end = Date.now() + ms;
  let tries = 0;
  for (;;) {
    const list = apis();
    const base = list[tries % Math.max(1, list.length)];
    tries += 1;
    if (base) {
      try {
        const res = await fetch(`${base}/api/v1/orders`, {
          method: 'POST',
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ orders }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json().catch(() => null)) as { results?: { ok: boolean }[] } | null;
        if (res.status === 200 && body?.results?.length === orders.length && body.results.every((r) => r.ok))
          return tries;
      } catch {
        // connection refused, reset by a kill, or timed out: send it again
      }
    }
    if (Date.now() > end) throw new Error(`orders not accepted after ${ms} ms (${tries} tries)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export type ClickAction = 'claim' | 'hold';

export interface Click {
  n: number;
  platform: 'wecom' | 'dingtalk';
  alertId: string;
  team: FaultTeam;
  action: ClickAction;
  /** The platform is done with the last tap: WeCom got an HTTP answer, DingTalk's frame was acked. */
  done: boolean;
  /** The person saw it applied (the answer said so, or the card did). */
  confirmed: boolean;
  /** Callbacks sent for it: taps, WeCom retries, re-taps. */
  tries: number;
  /** Taps by the person: the first one, and again after an answer that said it failed. */
  taps: number;
  lastTapAt: number;
  inFlight: number;
  /** The sealed WeCom callback of the last tap, replayed as WeCom retries one that got no answer. */
  request?: SealedRequest;
  /** DingTalk: the Stream messages (one per tap; the gateway redelivers each until acked). */
  frames?: string[];
}

/** A first card (seq 0) of an alert at one platform. */
export interface Tappable {
  platform: 'wecom' | 'dingtalk';
  /** Its task_id / outTrackId. */
  card: string;
  alertId: string;
  team: FaultTeam;
}

/** An answer that tells the person it worked: "✅ 已由 值班3 认领…" (WeCom greys the button out). */
const saysApplied = (text: string) => text.includes('✅') || text.includes('update_button');

/**
 * Taps card buttons the way people and platforms do, and remembers every tap for the final count. WeCom
 * retries a callback that got no answer with the very same request; DingTalk's gateway pushes an unacked
 * frame again with the same messageId. A person whose tap was answered "⚠️ 处理时出错…请稍后再试" (or not
 * at all) and who does not see it applied taps again: a new event, which must not apply twice either.
 */
export function createClicker(p: Platforms, rng: Rng) {
  const clicks: Click[] = [];
  const clickedAlerts = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const track = (c: Click, work: Promise<unknown>) => {
    c.inFlight += 1;
    c.lastTapAt = Date.now();
    const w = work
      .catch((err: unknown) => console.warn(`[faults] tap ${c.n} failed: ${(err as Error).message}`))
      .finally(() => {
        c.inFlight -= 1;
        c.lastTapAt = Date.now();
      });
    pending.add(w);
    void w.finally(() => pending.delete(w));
  };

  async function wecomTap(c: Click, taskId: string): Promise<void> {
    const key = `ow1.${c.action}.${c.alertId}`;
    c.taps += 1;
    c.tries += 1;
    c.done = false;
    const r = await p.wecom.clickCard({ taskId, userid: c.team.person.wecom, eventKey: key });
    c.request = r.request;
    c.done = r.status === 200;
    c.confirmed ||= saysApplied(r.reply ?? '');
    // Now and then WeCom retries a callback that was answered (a slow answer it gave up on).
    if (c.done && rng.chance(0.2)) await replayWecom(c);
  }

  async function replayWecom(c: Click): Promise<void> {
    if (!c.request) return;
    const r = await p.wecom.postCallback('/wecom/callback', {
      query: c.request.query,
      body: c.request.body,
    });
    c.tries += 1;
    c.done ||= r.status === 200;
  }

  async function dingTap(c: Click, outTrackId: string): Promise<void> {
    const before = new Set(p.dingtalk.frames().map((f) => f.messageId));
    c.taps += 1;
    c.tries += 1;
    const tap = p.dingtalk.clickCard({
      outTrackId,
      userId: c.team.person.dingtalk,
      actionIds: [c.action],
      params: { action: c.action, alertId: c.alertId, key: `ow1.${c.action}.${c.alertId}` },
    });
    const frame = p.dingtalk
      .frames()
      .find((f) => f.topic === CARD_TOPIC && !before.has(f.messageId) && f.data.includes(c.alertId));
    if (frame) c.frames = [...(c.frames ?? []), frame.messageId];
    const answer = await tap;
    c.confirmed ||= saysApplied(JSON.stringify(answer.response ?? ''));
  }

  const tap = (c: Click, card: string) =>
    track(c, c.platform === 'wecom' ? wecomTap(c, card) : dingTap(c, card));

  /** Taps one button on a card that has not been tapped yet; false when there is none to tap. */
  function tapSomething(candidates: Tappable[]): boolean {
    const open = candidates.filter((c) => !clickedAlerts.has(c.alertId));
    if (open.length === 0) return false;
    const target = rng.pick(open);
    clickedAlerts.add(target.alertId);
    const c: Click = {
      n: clicks.length,
      platform: target.platform,
      alertId: target.alertId,
      team: target.team,
      action: rng.chance(0.3) ? 'hold' : 'claim',
      done: false,
      confirmed: false,
      tries: 0,
      taps: 0,
      lastTapAt: Date.now(),
      inFlight: 0,
    };
    clicks.push(c);
    tap(c, target.card);
    return true;
  }

  /** WeCom retries callbacks that got no answer (the app was down); DingTalk's gateway redelivers itself. */
  async function retryUnanswered(): Promise<void> {
    for (const c of clicks) {
      if (c.platform === 'wecom' && !c.done && c.inFlight === 0 && c.request) await replayWecom(c);
    }
  }

  const acked = () => new Map(p.dingtalk.frames().map((f) => [f.messageId, f.acked]));

  function dingtalkUnacked(): Click[] {
    const frames = acked();
    return clicks.filter((c) => c.platform === 'dingtalk' && (c.frames ?? []).some((id) => !frames.get(id)));
  }

  return {
    clicks,
    tapSomething,
    retryUnanswered,
    dingtalkUnacked,
    /** Waits for the taps in flight (each waits at most for its answer deadline). */
    settle: () => Promise.allSettled([...pending]),
    /**
     * Taps the platform is done with but nobody saw applied, a few seconds after the last answer: the person
     * looks at the card, and taps again if it still shows nothing (`retap`) or notes it applied (`confirm`).
     */
    unconfirmed(): Click[] {
      const frames = acked();
      return clicks.filter(
        (c) =>
          !c.confirmed &&
          c.inFlight === 0 &&
          Date.now() - c.lastTapAt > 3_000 &&
          (c.platform === 'wecom' ? c.done : (c.frames ?? []).every((id) => frames.get(id))),
      );
    },
    confirm(c: Click) {
      c.confirmed = true;
    },
    retap: tap,
  };
}
export type Clicker = ReturnType<typeof createClicker>;
