// One leased delivery: render the alert's current state, update its card in place where the platform
// can (else send a new one), classify the outcome and record it. Retryable failures come back later
// with backoff; permanent ones and exhausted retries become dead letters.
import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { CardSource, Claimed, DeliveryResult, DeliveryStore } from '../store/delivery-store.js';
import { backoffMs, type RetryPolicy } from './backoff.js';
import type { CardModel, Mention } from './card-model.js';
import type { DigestPayload } from './digest.js';
import type { ChannelKind, Notifier, PlatformRef, SendOutcome } from './notifier.js';
import type { Target } from './targets.js';

/** What the pipeline needs from card rendering (src/notify/render implements it). */
export interface CardRendering {
  renderAlert(input: {
    variant: 'alert' | 'resolved' | 'escalated';
    alert: CardSource['alert'];
    order: CardSource['order'];
    mentions: Mention[];
  }): CardModel;
  renderDigest(input: {
    team: string | null;
    digestId: string;
    payload: DigestPayload;
    mentions: Mention[];
  }): CardModel;
}

interface Ctx {
  store: DeliveryStore;
  renderer: CardRendering;
  clock: Clock;
  log: Logger;
  retry: RetryPolicy;
  random?: () => number;
  onResult?: (e: { channel: ChannelKind; kind: 'card' | 'digest'; result: string; card?: CardModel }) => void;
}

/** Stable per (alert, target, n-th card there): WeCom task_id / DingTalk outTrackId / msgUuid. */
export function cardKey(alertId: string, targetId: string, seq: number): string {
  const t = createHash('sha256').update(targetId).digest('hex').slice(0, 8);
  return `ow_${alertId.replace(/-/g, '')}_${t}_${seq}`;
}

export async function deliverOne(
  ctx: Ctx,
  notifier: Notifier,
  target: Target,
  c: Claimed,
  sources: Map<string, CardSource>,
): Promise<string> {
  let result: DeliveryResult;
  let card: CardModel | undefined;
  try {
    if (c.kind === 'digest') {
      card = ctx.renderer.renderDigest({
        team: target.team,
        digestId: c.id,
        payload: await withExampleNotes(ctx, c.payload as DigestPayload, target),
        mentions: target.mentions,
      });
      const key = `owd_${c.id.replace(/-/g, '')}`;
      const out = await notifier.send({ destination: target.destination, card, idempotencyKey: key });
      result = classify(ctx, target, c, out, null);
    } else {
      const source = c.alertId ? sources.get(c.alertId) : undefined;
      ({ result, card } = source
        ? await deliverCard(ctx, notifier, target, c, source)
        : { result: { status: 'skipped', reason: 'the alert no longer exists' }, card: undefined });
    }
  } catch (err) {
    // A bug or an unexpected throw in an adapter: retried like a transient failure, never lost.
    result = retryOrDead(ctx, target, c, `internal error: ${(err as Error).message}`.slice(0, 300));
  }
  await ctx.store.record(c.id, result, ctx.clock.now());
  if (result.status !== 'sent') {
    ctx.log.warn(
      { delivery: c.id, target: target.id, result: result.status, error: errorOf(result) },
      'card not delivered',
    );
  }
  ctx.onResult?.({ channel: target.channel, kind: c.kind, result: result.status, card });
  return result.status;
}

async function deliverCard(ctx: Ctx, notifier: Notifier, target: Target, c: Claimed, s: CardSource) {
  const resolved = s.alert.state === 'resolved';
  // Tried before (c.attempt > 1), the first send may be showing in the chat: resend it under its key.
  if (resolved && !s.card && c.attempt === 1) {
    return {
      result: { status: 'skipped', reason: 'resolved before a card reached this chat' } as DeliveryResult,
    };
  }
  const variant = resolved ? 'resolved' : s.alert.level > 0 ? 'escalated' : 'alert';
  const card = ctx.renderer.renderAlert({
    variant,
    alert: s.alert,
    order: s.order,
    mentions: target.mentions,
  });
  if (s.card) {
    const ref = s.card.ref as PlatformRef;
    let out = await notifier.update({ destination: target.destination, card, ref });
    // This very update was tried before without an answer (a timeout, or a process killed after the
    // platform took it), and the platform now says its single-use code is spent: that try applied it.
    if (!out.ok && out.credentialSpent && c.attempt > 1) {
      out = { ok: true, ref: { ...ref, responseCode: null, responseCodeAt: null } };
    }
    if (out.ok || !out.notUpdatable) {
      return {
        card,
        result: classify(ctx, target, c, out, {
          seq: s.card.seq,
          idemKey: s.card.idemKey,
          alertId: s.alert.id,
        }),
      };
    }
  }
  const seq = s.card ? s.card.seq + 1 : 0;
  const idemKey = cardKey(s.alert.id, target.id, seq);
  const out = await notifier.send({ destination: target.destination, card, idempotencyKey: idemKey });
  return { card, result: classify(ctx, target, c, out, { seq, idemKey, alertId: s.alert.id }) };
}

function classify(
  ctx: Ctx,
  target: Target,
  c: Claimed,
  out: SendOutcome,
  cardInfo: { seq: number; idemKey: string; alertId: string } | null,
): DeliveryResult {
  if (out.ok || out.duplicate) {
    const ref = out.ok ? out.ref : (out.ref ?? { idempotencyKey: cardInfo?.idemKey ?? null, duplicate: 1 });
    const responseCode = typeof ref.responseCode === 'string' ? ref.responseCode : null;
    return {
      status: 'sent',
      ref,
      card: cardInfo
        ? { ...cardInfo, target: target.id, channel: target.channel, ref, responseCode }
        : undefined,
    };
  }
  if (!out.retryable) return { status: 'dead', error: out.reason };
  const r = retryOrDead(ctx, target, c, out.reason, out.throttledForMs);
  return r;
}

function retryOrDead(
  ctx: Ctx,
  target: Target,
  c: Claimed,
  reason: string,
  throttledForMs?: number,
): DeliveryResult {
  if (c.attempt >= ctx.retry.maxAttempts) {
    return { status: 'dead', error: `gave up after ${c.attempt} attempts: ${reason}` };
  }
  const now = ctx.clock.now().getTime();
  const wait = Math.max(backoffMs(c.attempt, ctx.retry, ctx.random), throttledForMs ?? 0);
  return {
    status: 'retry',
    nextAttemptAt: new Date(now + wait),
    error: reason,
    block: throttledForMs
      ? { keys: target.budgets.map((b) => b.key), until: new Date(now + throttledForMs) }
      : undefined,
  };
}

/** Each example order gets the one-line summary its own card would show (templates, Chinese). */
async function withExampleNotes(ctx: Ctx, payload: DigestPayload, target: Target): Promise<DigestPayload> {
  const ids = payload.groups.flatMap((g) => g.examples.flatMap((e) => (e.alertId ? [e.alertId] : [])));
  const sources = await ctx.store.cardSources(ids, target.id);
  const note = (alertId: string | null) => {
    const s = alertId ? sources.get(alertId) : undefined;
    if (!s) return '';
    const variant = s.alert.state === 'resolved' ? 'resolved' : 'alert';
    return ctx.renderer.renderAlert({ variant, alert: s.alert, order: s.order, mentions: [] }).summary;
  };
  return {
    ...payload,
    groups: payload.groups.map((g) => ({
      ...g,
      examples: g.examples.map((e) => ({ ...e, summary: note(e.alertId) })),
    })),
  };
}

function errorOf(r: DeliveryResult): string | undefined {
  return r.status === 'retry' || r.status === 'dead'
    ? r.error
    : r.status === 'skipped'
      ? r.reason
      : undefined;
}
