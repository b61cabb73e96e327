// The escalation part of orderwatch.yaml: per-kind / per-rule policies and business_hours.
import { describe, expect, it } from 'vitest';
import { defaultFileConfig } from '../../../src/config/defaults.js';
import { parseConfigFile } from '../../../src/config/file.js';

describe('escalation config', () => {
  it('reads per-kind and per-rule policies next to default, and business hours', () => {
    const { value, issues } = parseConfigFile(
      [
        'escalation:',
        '  business_hours: { start: "08:30", end: "22:00" }',
        '  default: [{ after: 30m, notify: [supervisor] }]',
        '  refund: [{ after: 10m, notify: [finance] }, { after: 20m, notify: [admin], ding: true }]',
        '  stuck_unpicked: [{ after: 15m, notify: [warehouse], customer_notice: true }]',
        '',
      ].join('\n'),
      'o.yaml',
    );
    expect(issues).toEqual([]);
    expect(Object.keys(value.escalation).sort()).toEqual(['default', 'refund', 'stuck_unpicked']);
    expect(value.escalation.refund![1]).toEqual({
      afterMs: 1_200_000,
      notify: ['admin'],
      customerNotice: false,
      ding: true,
    });
    expect(value.businessHours).toEqual({ startMin: 510, endMin: 1320 });
  });

  it('defaults business hours to 09:00–21:00 and accepts 00:00–24:00 as around the clock', () => {
    expect(defaultFileConfig().businessHours).toEqual({ startMin: 540, endMin: 1260 });
    expect(
      parseConfigFile('escalation:\n  business_hours: { start: "00:00", end: "24:00" }\n', 'o.yaml').value
        .businessHours,
    ).toEqual({
      startMin: 0,
      endMin: 1440,
    });
  });

  it.each([
    [
      'escalation:\n  business_hours: { start: "9am", end: "21:00" }\n',
      'escalation.business_hours.start',
      'must be a time of day like 09:00',
    ],
    [
      'escalation:\n  business_hours: { start: "21:00", end: "09:00" }\n',
      'escalation.business_hours.end',
      'end must be later than start',
    ],
    ['escalation:\n  business_hours: { start: "09:00" }\n', 'escalation.business_hours.end', ''],
    [
      'escalation:\n  Refund: [{ after: 1m, notify: [admin] }]\n',
      'escalation.Refund',
      'must be lower-case letters',
    ],
    ['escalation:\n  refund: []\n', 'escalation.refund', 'must have at least one level'],
  ])('reports %j at %s', (text, key, message) => {
    const { issues } = parseConfigFile(text, 'o.yaml');
    const issue = issues.find((i) => i.key === key);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toContain(message);
    expect(issue!.source?.line).toBeGreaterThan(0);
  });
});
