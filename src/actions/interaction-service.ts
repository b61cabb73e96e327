// The InteractionHandler platform adapters call (src/actions/types.ts): one transaction per event that
// first reserves the event's idempotency key in the audit trail (a redelivery, even a concurrent one, finds
// the first answer), then runs the pipeline, completes the audit row with the reply, and after commit asks
// for the cards of the changed alerts to be re-rendered and the outbox to be sent.
import type { CardModel } from '../notify/card-model.js';
import type { RefundPolicy } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { ActionTx, InteractionStore, PersonRecord } from '../store/interaction-store.js';
import type { Actor } from './outcome.js';
import { runEvent, type Handled, type PipelineDeps } from './pipeline.js';
import type { Replies } from './replies.js';
import type { CommandParser, InteractionHandler, PlatformEvent, Reply } from './types.js';

export interface InteractionLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface InteractionDeps {
  store: Pick<InteractionStore, 'findReply' | 'transaction'>;
  parser: CommandParser;
  replies: Replies;
  refunds: Pick<RefundPolicy, 'secondApproverFromFen'>;
  clock: Clock;
  log: InteractionLog;
  /** After commit: the alerts whose cards must be re-rendered everywhere (the delivery pump). */
  onAlertsChanged(alertIds: string[]): void | Promise<void>;
  /** After commit, when decisions were written to the outbox (kick the outbound sender). */
  onOutboundQueued?(): void | Promise<void>;
  /** Write outbound decisions (hold, release, refund_approved/rejected, merge): true when a webhook is set. */
  outbound: boolean;
  /** How long a typed command waits for "确认" (default 5 minutes). */
  confirmTtlMs?: number;
  /** A snooze button's period (default 2 hours). */
  snoozeDefaultMs?: number;
  /**
   * The alert's card, rendered now: `show` in a group answers with it, so a WeCom AI-bot group gets an
   * interactive card with buttons (wecom.md §5.2). Absent: answers stay text.
   */
  cardFor?(alertId: string): Promise<CardModel | null>;
}

const key = (ev: PlatformEvent) => `${ev.platform}:${ev.eventId}`;

function toReply(h: Pick<Handled, 'result' | 'text' | 'buttonText' | 'card'>): Reply {
  return {
    result: h.result,
    text: h.text,
    ...(h.buttonText ? { buttonText: h.buttonText } : {}),
    ...(h.card ? { card: h.card } : {}),
  };
}

async function identify(tx: ActionTx, ev: PlatformEvent): Promise<Actor> {
  const person: PersonRecord | null = await tx.person(ev.platform, ev.actor.platformUserId);
  return {
    platform: ev.platform,
    platformUserId: ev.actor.platformUserId,
    person,
    name: person?.name ?? ev.actor.name,
  };
}

export function createInteractionService(deps: InteractionDeps): InteractionHandler {
  const pipeline: PipelineDeps = {
    parser: deps.parser,
    replies: deps.replies,
    refunds: deps.refunds,
    outbound: deps.outbound,
    confirmTtlMs: deps.confirmTtlMs ?? 5 * 60_000,
    snoozeDefaultMs: deps.snoozeDefaultMs ?? 2 * 3600_000,
  };
  const replay = (stored: unknown): Reply => ({ ...(stored as Reply), duplicate: true });

  async function apply(ev: PlatformEvent): Promise<{ reply: Reply; handled: Handled | null }> {
    return deps.store.transaction(async (tx) => {
      const now = deps.clock.now();
      const actor = await identify(tx, ev);
      const audited = {
        platform: ev.platform,
        platformUserId: actor.platformUserId,
        personId: actor.person?.id ?? null,
        name: actor.name,
      };
      if (!(await tx.reserve(key(ev), audited, ev.chat, now)))
        return { reply: replay(await tx.findReply(key(ev))), handled: null };
      const handled = await runEvent(tx, pipeline, ev, actor, now);
      const reply = toReply(handled);
      const { order, alert } = handled.target;
      await tx.complete(key(ev), audited, {
        action: handled.action,
        args: handled.args,
        result: handled.audit ?? handled.result,
        message: handled.text,
        reply,
        order: order && { id: order.id, channel: order.channel, externalId: order.externalId },
        alertId: alert?.id ?? null,
      });
      return { reply, handled };
    });
  }

  async function afterCommit(h: Handled): Promise<void> {
    try {
      if (h.alertIds?.length) await deps.onAlertsChanged([...new Set(h.alertIds)]);
      if (h.outbound && deps.onOutboundQueued) await deps.onOutboundQueued();
    } catch (err) {
      deps.log.error({ err, action: h.action }, 'after-commit hand-off failed');
    }
  }

  async function withCard(reply: Reply, h: Handled, ev: PlatformEvent): Promise<Reply> {
    if (!h.cardAlertId || !deps.cardFor || ev.chat.type !== 'group') return reply;
    const card = await deps.cardFor(h.cardAlertId).catch((err) => {
      deps.log.warn({ err }, 'could not render the card for a show answer; answering with text');
      return null;
    });
    return card ? { ...reply, card } : reply;
  }

  return {
    async handle(ev) {
      try {
        const stored = await deps.store.findReply(key(ev));
        if (stored) return replay(stored);
        const { reply, handled } = await apply(ev);
        if (handled) await afterCommit(handled);
        return handled ? withCard(reply, handled, ev) : reply;
      } catch (err) {
        // Nothing was stored: a redelivery of this event tries again.
        deps.log.error({ err, platform: ev.platform, eventId: ev.eventId }, 'chat action failed');
        return { result: 'error', text: deps.replies.render('error', {}) };
      }
    },
  };
}
