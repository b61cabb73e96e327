import { describe, expect, it } from 'vitest';
import { suspectCrossChannelDuplicate as rule } from '../../../../src/rules/catalogue/suspect-cross-channel-duplicate.js';
import type { OrderFacts, Severity } from '../../../../src/rules/types.js';
import { HOUR, at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

// The store counts distinct channels with the same phone + address within the window.
describe('suspect_cross_channel_duplicate', () => {
  it.each<[string, Partial<OrderFacts>, Severity | null]>([
    ['fires at exactly 2 channels', { channelsWithSamePhoneAndAddress: 2 }, 'warning'],
    ['stays quiet on one channel', {}, null],
    ['fires at 4 channels', { channelsWithSamePhoneAndAddress: 4 }, 'warning'],
    [
      'fires for a created order',
      { status: 'created', paidAt: null, channelsWithSamePhoneAndAddress: 2 },
      'warning',
    ],
    ['stays quiet once shipped', { status: 'shipped', channelsWithSamePhoneAndAddress: 2 }, null],
    ['stays quiet when cancelled', { status: 'cancelled', channelsWithSamePhoneAndAddress: 2 }, null],
    ['stays quiet when closed', { status: 'closed', channelsWithSamePhoneAndAddress: 2 }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(rule.evaluate(facts(overrides), NOW, rule.defaults)?.severity ?? null).toBe(expected);
  });

  it('asks for a merge review and keeps the window in its settings', () => {
    expect(rule.defaults).toMatchObject({ window: 24 * HOUR, min_channels: 2 });
    const f = rule.evaluate(facts({ channelsWithSamePhoneAndAddress: 3 }), NOW, rule.defaults);
    expect(f?.summary).toBe('same phone and address on 3 channels within 1d');
    expect(f?.details).toEqual({ channels: 3, windowMs: 24 * HOUR, action: 'merge_review' });
  });

  it('honours a configured minimum', () => {
    const settings = { ...rule.defaults, min_channels: 3 };
    expect(rule.evaluate(facts({ channelsWithSamePhoneAndAddress: 2 }), NOW, settings)).toBeNull();
  });
});
