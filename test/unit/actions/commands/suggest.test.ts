import { describe, expect, it } from 'vitest';
import type { ActionId } from '../../../../src/actions/types.js';
import { parser } from './parser.js';

// Typos and near misses people make (IME homophones, dropped or swapped letters) and what they meant.
const NEAR_MISSES: [string, string, ActionId][] = [
  ['放型 TB20261122001', '放型', 'release'],
  ['放型TB20261122001', '放型', 'release'],
  ['认取 #a1b2c3d4', '认取', 'claim'],
  ['批准退宽 TB20261122001', '批准退宽', 'approve'],
  ['批注 TB20261122001', '批注', 'approve'],
  ['驳会 TB20261122001 重复', '驳会', 'reject'],
  ['静墨 TB20261122001 2h', '静墨', 'snooze'],
  ['拦劫 TB20261122001', '拦劫', 'hold'],
  ['合病 TB20261122001', '合病', 'merge'],
  ['帮主', '帮主', 'help'],
  ['标记正长 TB20261122001', '标记正长', 'legit'],
  ['处理完 TB20261122001', '处理完', 'resolve'],
  ['放', '放', 'release'],
  ['relase TB20261122001', 'relase', 'release'],
  ['releas TB20261122001', 'releas', 'release'],
  ['aprove TB20261122001', 'aprove', 'approve'],
  ['approval TB20261122001', 'approval', 'approve'],
  ['rejct TB20261122001 dup', 'rejct', 'reject'],
  ['snoze TB20261122001 2h', 'snoze', 'snooze'],
  ['hepl', 'hepl', 'help'],
  ['claum TB20261122001', 'claum', 'claim'],
  ['claimed TB20261122001', 'claimed', 'claim'],
  ['resolv TB20261122001', 'resolv', 'resolve'],
  ['lgit TB20261122001', 'lgit', 'legit'],
  ['mege TB20261122001', 'mege', 'merge'],
  ['holf TB20261122001', 'holf', 'hold'],
  ['RELASE TB20261122001', 'RELASE', 'release'],
];

// Not commands, and not close to one: no guess.
const FAR_OFF: [string, string][] = [
  ['谢谢', '谢谢'],
  ['你好', '你好'],
  ['不行', '不行'],
  ['差单 TB20261122001', '差单'],
  ['这个订单怎么还没发货', '这个订单怎么还没发货'],
  ['ship TB20261122001', 'ship'],
  ['stop', 'stop'],
  ['test', 'test'],
  ['cancel TB20261122001', 'cancel'],
  ['what', 'what'],
  ['TB20261122001', 'TB'],
  ['12345', '12345'],
  ['!!!', '!!!'],
];

describe('parse: unknown commands', () => {
  it.each(NEAR_MISSES)('suggests the command "%s" was meant to be', (text, input, suggestion) => {
    expect(parser.parse(text)).toEqual({ ok: false, error: 'unknown_command', input, suggestion });
  });

  it.each(FAR_OFF)('suggests nothing for "%s"', (text, input) => {
    expect(parser.parse(text)).toEqual({ ok: false, error: 'unknown_command', input, suggestion: null });
  });

  it('keeps the command word short however long the word is', () => {
    const result = parser.parse('放'.repeat(100));
    expect(result).toMatchObject({ ok: false, error: 'unknown_command' });
    expect(result.ok === false && result.error === 'unknown_command' && result.input.length).toBe(20);
  });
});
