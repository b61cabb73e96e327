import { describe, expect, it } from 'vitest';
import type { ActionId } from '../../../../src/actions/types.js';
import { buttonKey } from '../../../../src/notify/render/buttons.js';
import { parser, UUID } from './parser.js';

const CARD_ACTIONS = [
  'claim',
  'resolve',
  'snooze',
  'hold',
  'release',
  'approve',
  'reject',
  'legit',
  'merge',
] as const;

describe('decodeButton', () => {
  it.each(CARD_ACTIONS)('decodes the %s button buttons.ts writes', (action) => {
    expect(parser.decodeButton(buttonKey(action, UUID))).toEqual({
      ok: true,
      command: {
        command: action,
        target: { kind: 'alert', id: UUID, short: false },
        durationMs: null,
        reason: null,
      },
    });
  });

  it('decodes an upper-case uuid to the lower-case id', () => {
    expect(parser.decodeButton(`ow1.claim.${UUID.toUpperCase()}`)).toMatchObject({
      ok: true,
      command: { target: { kind: 'alert', id: UUID, short: false } },
    });
  });

  it.each([
    [`ow1.noop.${UUID}`, { kind: 'alert', id: UUID, short: false }],
    ['ow1.noop.digest', null],
    ['ow1.noop.', null],
    ['ow1.noop.a.b.c', null],
  ])('reads %s as show', (key, target) => {
    expect(parser.decodeButton(key)).toEqual({
      ok: true,
      command: { command: 'show', target, durationMs: null, reason: null },
    });
  });

  it.each<[string, ActionId, string]>([
    ['ow1.claim.', 'claim', ''],
    ['ow1.claim.a1b2c3d4', 'claim', 'a1b2c3d4'],
    ['ow1.release.#a1b2c3d4', 'release', '#a1b2c3d4'],
    ['ow1.approve.TB20261122001', 'approve', 'TB20261122001'],
    [`ow1.reject.${UUID}x`, 'reject', `${UUID}x`],
  ])('fails with bad_arg target for %s', (key, command, value) => {
    expect(parser.decodeButton(key)).toEqual({ ok: false, error: 'bad_arg', command, arg: 'target', value });
  });

  it.each([
    [`ow2.claim.${UUID}`],
    [`claim.${UUID}`],
    [`ow1.claim.${UUID}.extra`],
    [`ow1.destroy.${UUID}`],
    [`ow1.help.${UUID}`],
    [`ow1.CLAIM.${UUID}`],
    ['ow1'],
    ['认领'],
    ['<script>alert(1)</script>'],
    ['ow1.' + 'x'.repeat(5_000)],
  ])('fails with unknown_command for %s', (key) => {
    expect(parser.decodeButton(key)).toMatchObject({ ok: false, error: 'unknown_command', suggestion: null });
  });

  it.each(['', '  ', undefined, null, 7])('fails with empty for %j', (key) => {
    expect(parser.decodeButton(key as unknown as string)).toEqual({ ok: false, error: 'empty' });
  });
});
