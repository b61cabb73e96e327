// A hand-written Notifier and renderer for pipeline tests: records every call, answers from a script.
import type { CardModel } from '../../src/notify/card-model.js';
import type { CardRendering } from '../../src/notify/deliver-one.js';
import type {
  ChannelKind,
  Notifier,
  SendOutcome,
  SendRequest,
  UpdateRequest,
} from '../../src/notify/notifier.js';

export interface FakeCall {
  op: 'send' | 'update';
  channel: ChannelKind;
  key: string | null;
  card: CardModel;
  at: number;
}

export function createFakeNotifier(channels: ChannelKind[], now: () => Date) {
  const calls: FakeCall[] = [];
  const script: SendOutcome[] = [];
  let n = 0;
  const hooks: { onCall?: () => void } = {};
  const answer = (): SendOutcome => {
    hooks.onCall?.();
    return script.shift() ?? { ok: true, ref: { msgid: `m${++n}` } };
  };
  const notifier: Notifier = {
    platform: 'wecom',
    channels,
    async send(req: SendRequest) {
      calls.push({
        op: 'send',
        channel: req.destination.channel,
        key: req.idempotencyKey,
        card: req.card,
        at: now().getTime(),
      });
      return answer();
    },
    async update(req: UpdateRequest) {
      calls.push({
        op: 'update',
        channel: req.destination.channel,
        key: String(req.ref.msgid ?? ''),
        card: req.card,
        at: now().getTime(),
      });
      if (req.destination.channel === 'wecom_webhook') {
        return {
          ok: false,
          retryable: false,
          notUpdatable: true,
          reason: 'webhook messages cannot be updated',
        };
      }
      return answer();
    },
  };
  return {
    notifier,
    calls,
    /** Runs inside every call, e.g. to move a fake clock as a slow platform would. */
    hooks,
    /** The next answers, in order; after them every call succeeds. */
    script: (...outcomes: SendOutcome[]) => script.push(...outcomes),
  };
}

export const fakeRenderer: CardRendering = {
  renderAlert: ({ variant, alert, order, mentions }) => ({
    variant,
    alertId: alert.id,
    severity: alert.severity as CardModel['severity'],
    colour: variant === 'resolved' ? 'green' : 'red',
    title: `${alert.rule} ${order.externalId}`,
    summary: alert.summary,
    status: alert.state,
    facts: [],
    buttons: [],
    link: null,
    mentions,
    digest: null,
    preview: alert.summary,
    renderedAt: '',
  }),
  renderDigest: ({ payload, digestId, mentions }) => ({
    variant: 'digest',
    alertId: null,
    severity: null,
    colour: 'orange',
    title: `${payload.total} alerts`,
    summary: payload.groups.map((g) => `${g.rule}@${g.warehouse}×${g.count}`).join(', '),
    status: '',
    facts: [],
    buttons: [],
    link: { label: 'all', url: `http://x/d/${digestId}` },
    mentions,
    digest: { total: payload.total, lines: [] },
    preview: '',
    renderedAt: '',
  }),
};
