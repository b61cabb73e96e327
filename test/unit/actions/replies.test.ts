import { describe, expect, it } from 'vitest';
import { loadReplies, REPLY_NAMES } from '../../../src/actions/replies.js';

const replies = loadReplies();

describe('reply templates', () => {
  it('does load every reply template and the words', () => {
    expect(REPLY_NAMES.length).toBeGreaterThan(20);
    expect(replies.words.role.supervisor).toBe('主管');
  });

  it('does throw on a misspelt field instead of printing nothing', () => {
    expect(() => replies.render('claim-ok', { name: '张三' })).toThrow();
  });

  it('does format times in Asia/Shanghai and money in yuan', () => {
    expect(replies.time(new Date('2026-11-22T06:05:00Z'))).toBe('14:05');
    expect(replies.dateTime(new Date('2026-11-22T16:05:00Z'))).toBe('11-23 00:05');
    expect(replies.money(39_900)).toBe('¥399.00');
  });

  it.each([
    ['resolved by 张三', '张三 已处理完成'],
    ['refund approved by 张三, 李四', '退款已由 张三、李四 批准'],
    ['refund rejected by 赵六: 已签收', '退款已由 赵六 驳回：已签收'],
    ['marked legit by 王五', '王五 已标记为正常'],
    ['merged into jd:JD001 by 王五', '王五 已合并到订单 jd:JD001'],
  ])('does translate the resolve reason %j', (reason, zh) => {
    expect(replies.resolveReason(reason)).toBe(zh);
  });
});
