import { describe, expect, it } from 'vitest';
import { loadNoticeTemplates, smsParams } from '../../../src/customers/render.js';
import { NOTICE_KINDS } from '../../../src/customers/types.js';

const templates = loadNoticeTemplates('templates/customer');
const data = {
  orderId: 'TB20261122001',
  carrier: '顺丰',
  trackingNo: 'SF1234567890',
  region: '新疆维吾尔自治区',
};

describe('customer templates', () => {
  it.each(NOTICE_KINDS)('renders %s with the order number and nothing unfilled', (kind) => {
    const text = templates.render(kind, data);
    expect(text).toContain('TB20261122001');
    expect(text).not.toMatch(/\{\{|\}\}|undefined/);
    expect(text.length).toBeLessThan(70);
  });

  it('names carrier and tracking number in the scan notices', () => {
    for (const kind of ['collected', 'out_for_delivery', 'delivered', 'exception'] as const) {
      expect(templates.render(kind, data)).toContain('SF1234567890');
      expect(templates.params(kind)).toEqual(['orderId', 'carrier', 'trackingNo']);
    }
  });

  it('writes the delay notice the escalation promises', () => {
    expect(templates.render('delay', data)).toContain('略有延迟，我们将优先处理');
  });

  it('turns a template into the Aliyun template text and its TemplateParam', () => {
    expect(templates.aliyunContent('remote_region')).toContain('${orderId}将发往${region}');
    expect(smsParams(templates, 'remote_region', data)).toEqual({
      orderId: 'TB20261122001',
      region: '新疆维吾尔自治区',
    });
    expect(smsParams(templates, 'delay', { ...data, orderId: 'X'.repeat(50) }).orderId).toHaveLength(30);
  });
});
