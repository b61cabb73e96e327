import { describe, expect, it } from 'vitest';
import { createReportRenderer } from '../../../src/reports/card.js';
import type { TrafficLight } from '../../../src/reports/model.js';
import { sampleReport } from './fixtures.js';

const renderer = createReportRenderer({ now: () => new Date('2026-11-23T01:00:00Z') });

describe('renderDailyReport', () => {
  it('titles the card with the day and fills every figure when given a report', () => {
    const card = renderer.renderDailyReport(sampleReport());
    expect(card.title).toBe('昨日运营日报 · 11-22');
    expect(card.summary).toBe('订单 128 单，新增异常 10 条；履约周期 P90 6小时40分，黄灯（超过 6 小时）');
    expect(card.facts).toEqual([
      { label: '订单', value: '128 单 · 淘宝 80 · 京东 30 · 抖音 18' },
      { label: '履约周期', value: 'P50 3小时5分 · P90 6小时40分（96 单揽收）' },
      { label: '新增异常', value: '卡单 4 · 可疑 3 · 物流 2 · 退款 1' },
      { label: '响应中位', value: '12分钟（已认领 8/10）' },
      { label: '退款审批', value: '通过 5 · 驳回 1' },
      { label: '积压峰值', value: '12 条 · 12 时' },
    ]);
    expect(card.digest).toEqual({
      total: 10,
      lines: [
        { label: '卡单 · 待拣货超时', count: 4, examples: [] },
        { label: '可疑订单 · 地址不详', count: 3, examples: [] },
      ],
    });
    expect(card).toMatchObject({ variant: 'digest', alertId: null, buttons: [], mentions: [], link: null });
    expect(card.renderedAt).toBe('11-23 09:00');
    expect(card.preview).toContain('昨日运营日报 · 11-22');
  });

  it.each([
    ['green', 'green', '履约正常'],
    ['yellow', 'orange', '履约偏慢，请关注'],
    ['red', 'red', '履约超时，请排查'],
    ['none', 'grey', '昨日无揽收数据'],
  ] as const)('colours a %s light %s with status %s', (light: TrafficLight, colour, status) => {
    const card = renderer.renderDailyReport(sampleReport({ cycle: { ...sampleReport().cycle, light } }));
    expect([card.colour, card.status]).toEqual([colour, status]);
  });

  it('writes dashes and 无订单 when the day had no orders, scans or claims', () => {
    const card = renderer.renderDailyReport(
      sampleReport({
        team: 'ops',
        orders: { total: 0, byChannel: [] },
        cycle: { orders: 0, p50Minutes: null, p90Minutes: null, light: 'none' },
        response: { claimed: 0, unclaimed: 0, medianMinutes: null },
        topCauses: [],
        backlog: new Array<number>(24).fill(0),
      }),
    );
    expect(card.summary).toMatch(/^团队 ops：订单 0 单/);
    expect(card.facts[0]!.value).toBe('0 单 · 无订单');
    expect(card.facts[1]!.value).toBe('P50 — · P90 —（0 单揽收）');
    expect(card.facts[3]!.value).toBe('—（已认领 0/10）');
    expect(card.digest?.lines).toEqual([]);
  });

  it('links to the chart when given its URL', () => {
    const card = renderer.renderDailyReport(sampleReport(), 'https://ow.example.com/r/tok');
    expect(card.link).toEqual({ label: '查看积压走势图', url: 'https://ow.example.com/r/tok' });
  });
});
