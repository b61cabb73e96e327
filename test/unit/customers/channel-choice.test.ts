import { describe, expect, it } from 'vitest';
import { chooseChannel, kfOpen } from '../../../src/customers/channel-choice.js';
import { chooseFor } from '../../../src/customers/choose.js';
import type { DueNotice, KfSessionRow } from '../../../src/store/customer-store.js';

const NOW = new Date('2026-11-22T12:00:00+08:00');
const H = 3600_000;
const session = (ageMs: number, sentSince: number) => ({
  openKfid: 'wkAAA',
  externalUserId: 'wmCustomer',
  lastCustomerMessageAt: new Date(NOW.getTime() - ageMs),
  sentSince,
});

describe('channel choice', () => {
  it.each([
    ['no session', undefined, 'sms'],
    ['customer wrote 1 minute ago', session(60_000, 0), 'kf'],
    ['4 sent already', session(H, 4), 'kf'],
    ['5 sent already', session(H, 5), 'sms'],
    ['47 h 59 min ago', session(48 * H - 60_000, 0), 'kf'],
    ['exactly 48 h ago', session(48 * H, 0), 'sms'],
    ['49 h ago', session(49 * H, 0), 'sms'],
    ['a message from the future (clock skew)', session(-60_000, 0), 'sms'],
  ] as const)('picks %s → %s', (_name, s, expected) => {
    expect(chooseChannel(s, NOW, true).channel).toBe(expected);
  });

  it('uses SMS when no KF account is configured even with an open session', () => {
    expect(chooseChannel(session(60_000, 0), NOW, false)).toEqual({ channel: 'sms' });
    expect(kfOpen(session(60_000, 0), NOW)).toBe(true);
  });

  it('sends one notice per customer per pump and counts KF messages within the batch', () => {
    const due = (id: string, hash: string | null): DueNotice => ({
      id,
      orderId: `o-${id}`,
      kind: 'collected',
      attempts: 0,
      phone: '13800138000',
      phoneHash: hash,
      orderChannel: 'taobao',
      externalId: id,
      carrier: null,
      trackingNo: null,
      province: null,
    });
    const sessions: KfSessionRow[] = [{ ...session(H, 4), phoneHash: 'h1' }];
    const chosen = chooseFor(
      [due('a', 'h1'), due('b', 'h1'), due('c', 'h2'), due('d', null)],
      sessions,
      NOW,
      true,
    );
    expect(chosen.map((c) => [c.id, c.channel, c.attempt])).toEqual([
      ['a', 'kf', 1],
      ['c', 'sms', 1],
      ['d', 'sms', 1],
    ]);
    expect(chosen[0]!.kf).toEqual({ openKfid: 'wkAAA', externalUserId: 'wmCustomer' });
  });
});
