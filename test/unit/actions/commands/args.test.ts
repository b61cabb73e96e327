import { describe, expect, it } from 'vitest';
import type { CommandTarget } from '../../../../src/actions/types.js';
import { parsed, parser, UUID } from './parser.js';

const order = (externalId: string, channel: string | null = null): CommandTarget => ({
  kind: 'order',
  externalId,
  channel,
});
const alert = (id: string, short: boolean): CommandTarget => ({ kind: 'alert', id, short });

describe('parse: targets', () => {
  it.each<[string, CommandTarget]>([
    ['查单 TB20261122001', order('TB20261122001')],
    ['查单 tb20261122001', order('tb20261122001')],
    ['查单 6912345678901234567', order('6912345678901234567')],
    ['查单 JD_2026-11-22_0001', order('JD_2026-11-22_0001')],
    ['查单 abcd', order('abcd')],
    ['查单 ' + 'A'.repeat(64), order('A'.repeat(64))],
    ['查单 taobao:TB20261122001', order('TB20261122001', 'taobao')],
    ['查单 Taobao:TB20261122001', order('TB20261122001', 'taobao')],
    ['查单 jd_pop:12345678', order('12345678', 'jd_pop')],
    ['查单 ＃A1B2C3D4', alert('a1b2c3d4', true)],
    ['查单 #a1b2c3d4', alert('a1b2c3d4', true)],
    ['查单#a1b2c3d4', alert('a1b2c3d4', true)],
    ['show #a1b2c3d4', alert('a1b2c3d4', true)],
    ['show#a1b2c3d4', alert('a1b2c3d4', true)],
    [`查单 ${UUID}`, alert(UUID, false)],
    [`查单 ${UUID.toUpperCase()}`, alert(UUID, false)],
    [`查单 #${UUID}`, alert(UUID, false)],
  ])('reads the target of "%s"', (text, target) => {
    expect(parsed(parser.parse(text)).target).toEqual(target);
  });

  it.each([
    ['查单 TB1', 'TB1'],
    ['查单 ' + 'A'.repeat(65), 'A'.repeat(64)],
    ['查单 #a1b2c3', '#a1b2c3'],
    ['查单 #a1b2c3d4e', '#a1b2c3d4e'],
    ['查单 #zzzzzzzz', '#zzzzzzzz'],
    ['查单 taobao:TB1', 'taobao:TB1'],
    ['查单 1taobao:TB20261122001', '1taobao:TB20261122001'],
    ['查单 a:b:TB20261122001', 'a:b:TB20261122001'],
    ['查单 订单TB20261122001', '订单TB20261122001'],
  ])('fails with bad_arg target for "%s"', (text, value) => {
    expect(parser.parse(text)).toEqual({
      ok: false,
      error: 'bad_arg',
      command: 'show',
      arg: 'target',
      value,
    });
  });

  it.each([
    ['放行 TB20261122001 TB20261122002', 'TB20261122002'],
    ['放行 TB20261122001 谢谢', '谢谢'],
    ['放行TB20261122001谢谢', '谢谢'],
    ['放行 TB2026/1122', '/1122'],
  ])('fails rather than drop what follows the target in "%s"', (text, value) => {
    expect(parser.parse(text)).toEqual({
      ok: false,
      error: 'bad_arg',
      command: 'release',
      arg: 'target',
      value,
    });
  });
});

describe('parse: snooze durations', () => {
  const M = 60_000;
  const H = 60 * M;
  it.each([
    ['静默 TB20261122001 30m', 30 * M],
    ['静默 TB20261122001 2h', 2 * H],
    ['静默 TB20261122001 2H', 2 * H],
    ['静默 TB20261122001 1d', 24 * H],
    ['静默 TB20261122001 30d', 30 * 24 * H],
    ['静默 TB20261122001 1h30m', 90 * M],
    ['静默 TB20261122001 90s', 90_000],
    ['静默 TB20261122001 ３０ｍ', 30 * M],
    ['静默 TB20261122001 30分钟', 30 * M],
    ['静默 TB20261122001 30分', 30 * M],
    ['静默 TB20261122001 2小时', 2 * H],
    ['静默 TB20261122001 2个小时', 2 * H],
    ['静默 TB20261122001 2 小时', 2 * H],
    ['静默 TB20261122001 1天', 24 * H],
    ['静默 TB20261122001 1小时30分钟', 90 * M],
    ['静默 TB20261122001 1h30分钟', 90 * M],
    ['静默 TB20261122001 半小时', 30 * M],
    ['静默 2h TB20261122001', 2 * H],
    ['静默2小时 TB20261122001', 2 * H],
    ['静默TB20261122001 2小时', 2 * H],
    ['snooze TB20261122001 2h', 2 * H],
    ['暂停提醒 TB20261122001 1天', 24 * H],
  ])('reads the duration of "%s"', (text, ms) => {
    const command = parsed(parser.parse(text));
    expect(command).toMatchObject({ command: 'snooze', durationMs: ms, reason: null });
    expect(command.target).toEqual(order('TB20261122001'));
  });

  it.each([
    ['静默 TB20261122001 0m', '0m'],
    ['静默 TB20261122001 30m1h', '30m1h'],
    ['静默 TB20261122001 999999d', '999999d'],
    ['静默 TB20261122001 31d', '31d'],
    ['静默 TB20261122001 9999999999999999h', '9999999999999999h'],
    ['静默 TB20261122001 2周', '2周'],
    ['静默 TB20261122001 -2h', '-2h'],
    ['静默 TB20261122001 soon', 'soon'],
    ['静默 TB20261122001 2h 谢谢', '谢谢'],
  ])('fails with bad_arg duration for "%s"', (text, value) => {
    expect(parser.parse(text)).toEqual({
      ok: false,
      error: 'bad_arg',
      command: 'snooze',
      arg: 'duration',
      value,
    });
  });
});

describe('parse: reject reasons', () => {
  it.each([
    ['驳回 TB20261122001 买家已签收', '买家已签收'],
    ['驳回TB20261122001买家已签收', '买家已签收'],
    ['驳回 TB20261122001：买家已签收，不符合退款条件', '买家已签收，不符合退款条件'],
    ['驳回 TB20261122001, duplicate request', 'duplicate request'],
    ['reject TB20261122001 Duplicate Request', 'Duplicate Request'],
    ['驳回 TB20261122001 　多个   空格  保留 ', '多个   空格  保留'],
    ['驳回 TB20261122001 <b>粗体</b> 原样保存', '<b>粗体</b> 原样保存'],
    ['驳回 TB20261122001 ' + '长'.repeat(200), '长'.repeat(200)],
  ])('reads the reason of "%s" as the rest of the text', (text, reason) => {
    expect(parsed(parser.parse(text))).toMatchObject({ command: 'reject', reason, durationMs: null });
  });

  it('keeps the reason null for commands without one', () => {
    expect(parsed(parser.parse('放行 TB20261122001')).reason).toBeNull();
  });

  it('fails with bad_arg reason when the reason is over 200 characters', () => {
    expect(parser.parse('驳回 TB20261122001 ' + '长'.repeat(201))).toMatchObject({
      ok: false,
      error: 'bad_arg',
      command: 'reject',
      arg: 'reason',
    });
  });
});
