// The Notifier contract (src/notify/notifier.ts), run unchanged against every platform adapter with the
// real notifier talking to that platform's emulator. What differs between platforms is a harness
// capability, never a branch on the platform's name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultPlan } from '../../bots/sandbox/emulator.js';
import type { CardModel } from '../../src/notify/card-model.js';
import type { SendOutcome, SendRequest } from '../../src/notify/notifier.js';
import { testRenderer } from '../unit/notify/render/fixtures.js';
import { fixture, withAlert } from '../unit/notify/render/rule-fixtures.js';
import type { MakeHarness, NotifierHarness } from './harness.js';

type Which = 'updatable' | 'plain';
const BOTH: Which[] = ['updatable', 'plain'];
const RETRYABLE_KINDS: FaultPlan['kind'][] = ['http5xx', 'busy', 'throttle', 'timeout', 'reset'];

/** The unpicked-order card as the renderer makes it: open, claimed by 李娜, then resolved. */
function cards(h: NotifierHarness): { open: CardModel; claimed: CardModel; resolved: CardModel } {
  const { renderer } = testRenderer();
  const input = { ...fixture('stuck_unpicked'), mentions: [h.person] };
  return {
    open: renderer.renderAlert(input),
    claimed: renderer.renderAlert(withAlert(input, { state: 'claimed', claimedBy: '李娜' })),
    resolved: renderer.renderAlert({
      ...withAlert(input, { state: 'resolved', resolvedAt: new Date('2026-11-22T10:05:00Z') }),
      variant: 'resolved',
    }),
  };
}

const request = (h: NotifierHarness, which: Which, key: string, card = cards(h).open): SendRequest => ({
  destination: h[which],
  card,
  idempotencyKey: key,
});

function refOf(outcome: SendOutcome) {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.reason}`);
  return outcome.ref;
}

/** Every failure the contract provokes, in one place so the secret check can replay all of them. */
async function provokeEveryFailure(h: NotifierHarness): Promise<SendOutcome[]> {
  const out: SendOutcome[] = [];
  for (const which of BOTH) {
    for (const kind of RETRYABLE_KINDS) {
      h.emulator.fail({ kind, count: 1, path: h.sendPath(h[which]) });
      out.push(await h.notifier.send(request(h, which, `f-${which}-${kind}`)));
    }
  }
  const unknown = h.unknownWebhook();
  out.push(
    await unknown.notifier.send({ ...request(h, 'plain', 'f-hook'), destination: unknown.destination }),
  );
  out.push(await h.notifier.send({ ...request(h, 'updatable', 'f-rejected'), destination: h.rejected }));
  out.push(await h.wrongAppSecret().send(request(h, 'updatable', 'f-secret')));
  const sent = await h.notifier.send(request(h, 'updatable', 'f-dup'));
  out.push(sent, await h.notifier.send(request(h, 'updatable', 'f-dup')));
  const ref = refOf(sent);
  const first = await h.notifier.update({ destination: h.updatable, card: cards(h).claimed, ref });
  out.push(
    first,
    await h.notifier.update({ destination: h.updatable, card: cards(h).resolved, ref: refOf(first) }),
  );
  out.push(await h.notifier.update({ destination: h.plain, card: cards(h).claimed, ref: {} }));
  h.emulator.expireTokens();
  out.push(await h.notifier.send(request(h, 'updatable', 'f-expired')));
  return out;
}

export function describeNotifierContract(name: string, makeHarness: MakeHarness): void {
  describe(`${name} notifier contract`, () => {
    let h: NotifierHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(() => h.close());

    it.each(BOTH)(
      'delivers a valid card showing its title and mentions when sent to the %s channel',
      async (which) => {
        const card = cards(h).open;
        const outcome = await h.notifier.send(request(h, which, 'c-send', card));
        expect(outcome).toMatchObject({ ok: true, ref: expect.any(Object) });
        const shown = h.shown(h[which], 'c-send');
        expect(shown).toHaveLength(1);
        expect(shown[0]?.text).toContain(card.title);
        expect(shown[0]?.text).toContain(card.status);
        expect(shown[0]?.mentions).toContain(h.personId);
        expect(h.problems()).toEqual([]);
      },
    );

    it('changes the same card in place when it is updated', async () => {
      const { open, claimed } = cards(h);
      const ref = refOf(await h.notifier.send(request(h, 'updatable', 'c-upd', open)));
      const updated = await h.notifier.update({ destination: h.updatable, card: claimed, ref });
      expect(updated).toMatchObject({ ok: true, ref: expect.any(Object) });
      const shown = h.shown(h.updatable, 'c-upd');
      expect(shown).toHaveLength(1);
      expect(shown[0]?.text).toContain('李娜 已认领');
      expect(h.problems()).toEqual([]);
    });

    it('updates again, or reports notUpdatable when the update code is spent, on a second update', async () => {
      const { open, claimed, resolved } = cards(h);
      const ref = refOf(await h.notifier.send(request(h, 'updatable', 'c-upd2', open)));
      const first = refOf(await h.notifier.update({ destination: h.updatable, card: claimed, ref }));
      const second = await h.notifier.update({ destination: h.updatable, card: resolved, ref: first });
      const shown = h.shown(h.updatable, 'c-upd2');
      expect(shown).toHaveLength(1);
      if (h.capabilities.repeatedUpdates) {
        expect(second).toMatchObject({ ok: true });
        expect(shown[0]?.text).toContain(resolved.status);
      } else {
        expect(second).toMatchObject({ ok: false, retryable: false, notUpdatable: true });
        expect(shown[0]?.text).toContain('李娜 已认领');
      }
    });

    it('returns notUpdatable without calling the platform when the channel cannot update', async () => {
      const ref = refOf(await h.notifier.send(request(h, 'plain', 'c-plain')));
      const before = h.emulator.requests().length;
      const outcome = await h.notifier.update({ destination: h.plain, card: cards(h).claimed, ref });
      expect(outcome).toMatchObject({ ok: false, retryable: false, notUpdatable: true });
      expect(h.emulator.requests()).toHaveLength(before);
    });

    it('reports a repeated send with the same idempotencyKey as duplicate or ok, shown once, and still updatable', async () => {
      await h.notifier.send(request(h, 'updatable', 'c-dup'));
      const again = await h.notifier.send(request(h, 'updatable', 'c-dup'));
      expect(again.ok || again.duplicate === true).toBe(true);
      expect(h.shown(h.updatable, 'c-dup')).toHaveLength(1);
      if (h.capabilities.repeatedUpdates) {
        // DingTalk: the existing card is known by its key, so the pipeline can keep updating it.
        const ref = again.ok ? again.ref : again.ref;
        expect(ref).toBeDefined();
        const updated = await h.notifier.update({
          destination: h.updatable,
          card: request(h, 'updatable', 'c-dup').card,
          ref: ref!,
        });
        expect(updated.ok).toBe(true);
      }
    });

    it('shows a repeated send on the non-updatable channel once where the platform has a key for it, twice where it has none', async () => {
      await h.notifier.send(request(h, 'plain', 'c-dup-plain'));
      const again = await h.notifier.send(request(h, 'plain', 'c-dup-plain'));
      expect(again.ok || again.duplicate === true).toBe(true);
      // DingTalk's webhook dedups by msgUuid; WeCom's group robot has no idempotency key (a documented limit).
      expect(h.shown(h.plain, 'c-dup-plain')).toHaveLength(h.capabilities.plainResendDeduplicated ? 1 : 2);
    });

    describe.each(BOTH)('on the %s channel', (which) => {
      it.each(RETRYABLE_KINDS)(
        'reports a retryable failure and then delivers when the platform fails with %s',
        async (kind) => {
          h.emulator.fail({ kind, count: 1, path: h.sendPath(h[which]) });
          const failed = await h.notifier.send(request(h, which, 'c-retry'));
          expect(failed).toMatchObject({ ok: false, retryable: true });
          if (kind === 'throttle') expect(failed.ok ? 0 : (failed.throttledForMs ?? 0)).toBeGreaterThan(0);
          expect(await h.notifier.send(request(h, which, 'c-retry'))).toMatchObject({ ok: true });
          expect(h.shown(h[which], 'c-retry')).toHaveLength(1);
        },
      );
    });

    it('reports a permanent failure when the webhook key or token is unknown', async () => {
      const { notifier, destination } = h.unknownWebhook();
      const outcome = await notifier.send({ ...request(h, 'plain', 'c-hook'), destination });
      expect(outcome).toMatchObject({ ok: false, retryable: false });
    });

    it('reports a permanent failure when the platform rejects the destination', async () => {
      const outcome = await h.notifier.send({ ...request(h, 'updatable', 'c-rej'), destination: h.rejected });
      expect(outcome).toMatchObject({ ok: false, retryable: false });
      expect(outcome).not.toMatchObject({ duplicate: true });
    });

    it('reports a permanent failure when the app secret is wrong', async () => {
      const outcome = await h.wrongAppSecret().send(request(h, 'updatable', 'c-secret'));
      expect(outcome).toMatchObject({ ok: false, retryable: false });
    });

    it('fetches exactly one new token and delivers when tokens expire between two sends', async () => {
      expect(await h.notifier.send(request(h, 'updatable', 'c-tok1'))).toMatchObject({ ok: true });
      expect(h.tokenFetches()).toBe(1);
      h.emulator.expireTokens();
      expect(await h.notifier.send(request(h, 'updatable', 'c-tok2'))).toMatchObject({ ok: true });
      expect(h.tokenFetches()).toBe(2);
      expect(h.shown(h.updatable, 'c-tok2')).toHaveLength(1);
    });

    it('keeps every secret and access token out of reasons and logs when every failure above happens', async () => {
      const outcomes = await provokeEveryFailure(h);
      const reasons = outcomes.flatMap((o) => (o.ok ? [] : [o.reason]));
      const secrets = h.secrets();
      expect(reasons.length).toBeGreaterThan(10);
      expect(h.tokenFetches()).toBeGreaterThanOrEqual(2);
      expect(secrets.length).toBeGreaterThan(h.tokenFetches());
      expect(h.logs()).toContain('failed');
      for (const secret of secrets) {
        for (const reason of reasons) expect(reason).not.toContain(secret);
        expect(h.logs()).not.toContain(secret);
      }
    });
  });
}
