import { describe, expect, it } from 'vitest';
import { suspectTestOrder as rule } from '../../../../src/rules/catalogue/suspect-test-order.js';
import type { OrderFacts } from '../../../../src/rules/types.js';
import { at, facts } from './facts.js';

const NOW = at('2026-11-22T01:00:00Z');

describe('suspect_test_order', () => {
  it.each<[string, Partial<OrderFacts>, string[] | null]>([
    ['fires when the remark says 测试', { remark: '测试一下' }, ['测试']],
    ['fires when the remark says 测试单', { remark: '这是测试单' }, ['测试', '测试单']],
    ['fires when the remark says 勿发', { remark: '内部下单勿发' }, ['勿发']],
    ['fires when the remark says 不要发货', { remark: '不要发货谢谢' }, ['不要发货']],
    ['fires when the address says 测试', { addressDetail: '测试地址 1 号' }, ['测试']],
    ['fires for TEST in capitals', { remark: 'TEST ORDER' }, ['test']],
    ['fires for test next to Chinese text', { remark: '下单test请忽略' }, ['test']],
    ['fires for test with punctuation', { remark: 'pls ignore (test).' }, ['test']],
    ['stays quiet for testing inside a word', { remark: 'testing the new courier' }, null],
    ['stays quiet for a street named Contest Road', { addressDetail: '88 Contest Road' }, null],
    ['stays quiet for test123', { remark: 'test123' }, null],
    ['stays quiet for an ordinary order', {}, null],
    ['stays quiet for a missing address', { addressDetail: null }, null],
    ['fires for a created order', { status: 'created', paidAt: null, remark: '测试' }, ['测试']],
    ['stays quiet once shipped', { status: 'shipped', remark: '测试' }, null],
    ['stays quiet when cancelled', { status: 'cancelled', remark: '测试' }, null],
    ['stays quiet when closed', { status: 'closed', remark: '测试' }, null],
  ])('%s', (_name, overrides, words) => {
    const f = rule.evaluate(facts(overrides), NOW, rule.defaults);
    expect(f === null ? null : f.details['matchedWords']).toEqual(words);
    if (f) expect(f.severity).toBe('warning');
  });

  it('says where the words were found', () => {
    const f = rule.evaluate(facts({ remark: '勿发', addressDetail: 'test 路 1 号' }), NOW, rule.defaults);
    expect(f?.details['matchedIn']).toEqual(['address', 'remark']);
    expect(f?.summary).toBe('looks like a test order: address and remark says test, 勿发');
  });

  it.each<[string, string[], string, string[] | null]>([
    ['honours a configured Latin word as a whole word', ['dummy'], 'a dummy order', ['dummy']],
    ['treats regex characters in a configured word literally', ['a.b'], 'axb', null],
    ['honours a configured Chinese word as a substring', ['内部单'], '这是内部单', ['内部单']],
  ])('%s', (_name, words, remark, expected) => {
    const f = rule.evaluate(facts({ remark }), NOW, { ...rule.defaults, words });
    expect(f === null ? null : f.details['matchedWords']).toEqual(expected);
  });
});
