// What an escalation level does beyond re-rendering the alert's cards (the level bump does that): it
// @-mentions the level's people in the team's groups, sends each of them the card personally (WeCom app
// message, DingTalk 1:1), DINGs them where configured, and asks for the customer's delay notice.
// Every send carries a key unique to (alert, level, target), so a repeat after a crash is recognised.
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { DeliveryStore } from '../store/delivery-store.js';
import type { Mention } from './card-model.js';
import type { CardRendering } from './deliver-one.js';
import type { ChannelKind, Destination, Notifier, SendOutcome } from './notifier.js';
import type { TargetResolver } from './targets.js';

export interface EscalatedPerson {
  id: string;
  name: string;
  wecom: string | null;
  dingtalk: string | null;
}

export interface EscalationEffectsDeps {
  store: Pick<DeliveryStore, 'cardSources'>;
  notifiers: readonly Notifier[];
  targets: TargetResolver;
  renderer: CardRendering;
  clock: Clock;
  log: Logger;
  /** The customer's soothing delay notice (src/customers), when the level asks for it. */
  customerNotice?(orderId: string): Promise<unknown>;
  /** Attempts per send before it is logged as failed (the level itself is already recorded). */
  attempts?: number;
}

/** Group channels where a new message can @ people (a DingTalk card update cannot). */
const GROUP: ReadonlySet<ChannelKind> = new Set([
  'wecom_webhook',
  'dingtalk_card',
  'dingtalk_group',
  'dingtalk_webhook',
]);

export function createEscalationEffects(deps: EscalationEffectsDeps) {
  const byChannel = new Map<ChannelKind, Notifier>();
  for (const n of deps.notifiers) for (const c of n.channels) byChannel.set(c, n);
  const attempts = deps.attempts ?? 3;

  const trySend = async (what: string, send: () => Promise<SendOutcome>): Promise<boolean> => {
    for (let i = 1; i <= attempts; i++) {
      const out: SendOutcome = await send().catch((err: Error): SendOutcome => ({
        ok: false,
        retryable: true,
        reason: err.message,
      }));
      if (out.ok || out.duplicate) return true;
      if (!out.retryable || i === attempts) {
        deps.log.warn({ what, reason: out.reason }, 'escalation message not delivered');
        return false;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
    return false;
  };

  return {
    async levelReached(
      alertId: string,
      level: number,
      people: readonly EscalatedPerson[],
      opts: { ding: boolean; customerNotice: boolean },
    ): Promise<void> {
      const source = (await deps.store.cardSources([alertId], 'escalation')).get(alertId);
      if (!source) return;
      const mentions: Mention[] = people.map((p) => ({ name: p.name, wecom: p.wecom, dingtalk: p.dingtalk }));
      const card = deps.renderer.renderAlert({
        variant: 'escalated',
        alert: source.alert,
        order: source.order,
        mentions,
      });
      const key = (suffix: string) => `owe_${alertId.replace(/-/g, '')}_${level}_${suffix}`;
      const sends: Promise<boolean>[] = [];
      const send = (dest: Destination, suffix: string) => {
        const n = byChannel.get(dest.channel);
        if (n)
          sends.push(
            trySend(`${dest.channel} level ${level}`, () =>
              n.send({ destination: dest, card, idempotencyKey: key(suffix) }),
            ),
          );
      };
      for (const t of deps.targets.resolve(source.alert.team ?? null)) {
        if (GROUP.has(t.channel))
          send(t.destination, t.channel.slice(0, 1) + t.team.slice(0, 12).replace(/[^0-9A-Za-z]/g, ''));
      }
      const wecomIds = people.flatMap((p) => (p.wecom ? [p.wecom] : []));
      const dingIds = people.flatMap((p) => (p.dingtalk ? [p.dingtalk] : []));
      if (wecomIds.length) send({ channel: 'wecom_app', users: wecomIds }, 'pw');
      if (dingIds.length) send({ channel: 'dingtalk_direct', users: dingIds }, 'pd');
      const dinger = deps.notifiers.find((n) => n.ding);
      if (opts.ding && dinger && dingIds.length) {
        sends.push(
          trySend(`ding level ${level}`, () =>
            dinger.ding!({ userIds: dingIds, text: card.preview.slice(0, 500) }),
          ),
        );
      }
      if (opts.customerNotice && deps.customerNotice) {
        sends.push(
          deps.customerNotice(source.order.id).then(
            () => true,
            (err) => (deps.log.warn({ err }, 'customer delay notice not queued'), false),
          ),
        );
      }
      await Promise.all(sends);
    },
  };
}
export type EscalationEffects = ReturnType<typeof createEscalationEffects>;
