import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultFileConfig } from '../../../src/config/defaults.js';
import { formatIssue } from '../../../src/config/errors.js';
import { parseConfigFile } from '../../../src/config/file.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/config/${name}`, import.meta.url), 'utf8');
const issuesOf = (text: string) => parseConfigFile(text, 'orderwatch.yaml').issues;
const linesOf = (text: string) => issuesOf(text).map(formatIssue);

describe('parseConfigFile with a valid file', () => {
  it('reads the example file into camelCase sections when it is valid', () => {
    const { value, issues } = parseConfigFile(fixture('orderwatch.example.yaml'), 'orderwatch.example.yaml');
    expect(issues).toEqual([]);
    expect(value.people[0]).toEqual({
      id: 'zhangsan',
      name: '张三',
      roles: ['supervisor'],
      wecom: 'zhangsan',
      dingtalk: 'manager4220',
      mobile: '13800000001',
    });
    expect(value.teams[0]).toEqual({
      id: 'ops',
      wecomWebhookKey: '00000000-0000-0000-0000-000000000000',
      wecomUsers: ['lisi', 'wangwu'],
      dingtalkConversation: 'cidXXXX',
      onDuty: ['lisi'],
    });
    expect(value.routes).toEqual([
      { match: { kind: 'refund' }, team: 'finance' },
      { match: { channel: 'jd', warehouse: 'hz-1' }, team: 'ops' },
      { match: {}, team: 'ops' },
    ]);
    expect(value.rules).toEqual({
      stuck_unpicked: { after: 7_200_000 },
      suspect_phone_velocity: { window: 86_400_000, min_orders: 5 },
      logistics_no_scan: { enabled: false },
    });
    expect(value.escalation.default).toEqual([
      { afterMs: 1_800_000, notify: ['supervisor'], customerNotice: true, ding: false },
      { afterMs: 3_600_000, notify: ['admin'], customerNotice: false, ding: true },
    ]);
    expect(value.refunds).toEqual({ approvalRequiredFromFen: 0, secondApproverFromFen: 200_000 });
  });

  it.each(['', '# only a comment\n', 'people:\nrules:\n'])(
    'uses the built-in defaults when the file is empty (%j)',
    (text) => {
      const { value, issues } = parseConfigFile(text, 'orderwatch.yaml');
      expect(issues).toEqual([]);
      expect(value).toEqual(defaultFileConfig());
    },
  );

  it('keeps the built-in defaults for the sections a file leaves out', () => {
    const { value } = parseConfigFile(
      'teams:\n  - { id: cs }\nrefunds: { second_approver_from: 500 }\n',
      'o.yaml',
    );
    expect(value.routes).toEqual([{ match: {}, team: 'cs' }]);
    expect(value.escalation.default).toEqual(defaultFileConfig().escalation.default);
    expect(value.refunds).toEqual({ approvalRequiredFromFen: 0, secondApproverFromFen: 50_000 });
  });

  it('adds the default escalation policy when the file only names others', () => {
    const { value } = parseConfigFile(
      'escalation:\n  vip: [{ after: 5m, notify: [admin], ding: true }]\n',
      'o.yaml',
    );
    expect(Object.keys(value.escalation).sort()).toEqual(['default', 'vip']);
    expect(value.escalation.vip).toEqual([
      { afterMs: 300_000, notify: ['admin'], customerNotice: false, ding: true },
    ]);
  });

  it.each([
    ['"0.00"', 0],
    ['"2000.00"', 200_000],
    ['"0.5"', 50],
    ['1999.99', 199_999],
    ['300', 30_000],
  ])('stores refund thresholds as fen when given %s', (amount, fen) => {
    const { value, issues } = parseConfigFile(
      `refunds: { approval_required_from: ${amount}, second_approver_from: 99999 }\n`,
      'o.yaml',
    );
    expect(issues).toEqual([]);
    expect(value.refunds.approvalRequiredFromFen).toBe(fen);
  });

  it.each([
    ['after', '90s', 90_000],
    ['window', '1d', 86_400_000],
    ['within', '10m', 600_000],
    ['ship_after', '1h30m', 5_400_000],
  ])('turns rule setting %s into milliseconds when given %j', (key, text, ms) => {
    const { value, issues } = parseConfigFile(
      `rules:\n  some_rule: { ${key}: ${text}, label: x }\n`,
      'o.yaml',
    );
    expect(issues).toEqual([]);
    expect(value.rules.some_rule).toEqual({ [key]: ms, label: 'x' });
  });
});

describe('parseConfigFile errors, located by line and column', () => {
  it('points at the bad role on its own line when a role is unknown', () => {
    expect(linesOf(fixture('bad-role.yaml'))).toEqual([
      'orderwatch.yaml:8:9 people[1].roles[0]: "boss" is not a role (cs, warehouse, supervisor, finance, admin)',
    ]);
  });

  it('carries the line of a YAML syntax error when the YAML does not parse', () => {
    const text = 'people: []\nteams:\n  - { id: ops, on_duty: [lisi }\nroutes: []\n';
    const issues = issuesOf(text);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.source).toMatchObject({ file: 'orderwatch.yaml', line: 3 });
    expect(issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it.each([
    ['people: []\npeople: []\n', 2, /Map keys must be unique/],
    ['a: 1\n---\nb: 2\n', 2, /multiple documents/],
    ['teams:\n  - id: ops\n   on_duty: []\n', 3, /YAML syntax error/],
  ])('reports a syntax error on line %#', (text, line, message) => {
    const [issue] = issuesOf(text);
    expect(issue?.source?.line).toBe(line);
    expect(issue?.message).toMatch(message);
  });

  it('reports a route to an unknown team at that route', () => {
    expect(linesOf(fixture('unknown-team.yaml'))).toEqual([
      'orderwatch.yaml:6:37 routes[1].team: team "warehouse" is not defined in teams (ops, finance)',
    ]);
  });

  it('reports a duplicate person id at the second one', () => {
    expect(linesOf(fixture('duplicate-people.yaml'))).toEqual([
      'orderwatch.yaml:4:11 people[2].id: duplicate person id "zhangsan" (already used by people[0])',
    ]);
  });

  it('reports every problem of every section at once, in line order', () => {
    const text = [
      'people:', //                                                         1
      '  - { id: a, name: A, roles: [cs], wechat: a1 }', //                  2
      '  - { name: B }', //                                                  3
      'teams:', //                                                           4
      '  - { id: ops, on_duty: [ghost] }', //                                5
      '  - { id: ops }', //                                                  6
      'routes:', //                                                          7
      '  - { match: { kind: angry }, team: ops }', //                        8
      'rules:', //                                                           9
      '  stuck_unpicked: { after: 2 hours, enabled: "no" }', //             10
      'escalation:', //                                                     11
      '  default: [{ after: 30m, notify: [boss] }, { after: 10m, notify: [admin] }]', // 12
      'refunds: { approval_required_from: "1.999" }', //                    13
      'extra: 1', //                                                        14
    ].join('\n');
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.source?.line, i.key])).toEqual([
      [2, 'people[0].wechat'],
      [3, 'people[1].id'],
      [6, 'teams[1].id'],
      [8, 'routes[0].match.kind'],
      [10, 'rules.stuck_unpicked.after'],
      [10, 'rules.stuck_unpicked.enabled'],
      [12, 'escalation.default[1].after'],
      [13, 'refunds.approval_required_from'],
      [14, 'extra'],
    ]);
    // Cross-section checks need valid inputs: people is broken, so on_duty and notify targets are not judged.
    expect(issues.find((i) => i.key === 'teams[0].on_duty[0]')).toBeUndefined();
    expect(issues.find((i) => i.key === 'escalation.default[0].notify[0]')).toBeUndefined();
  });

  it.each([
    ['people:\n  - { id: a, name: A, roles: cs }\n', 'people[0].roles', 'must be a list, got text "cs"'],
    [
      'people:\n  - { id: a, name: A, mobile: "call me" }\n',
      'people[0].mobile',
      'must be a phone number: digits, optionally starting with +',
    ],
    ['people:\n  - { id: "a b", name: A }\n', 'people[0].id', 'must be 1 to 64 characters without spaces'],
    ['teams: []\n', 'teams', 'must list at least one team'],
    [
      'teams:\n  - { id: ops, on_duty: [ghost] }\n',
      'teams[0].on_duty[0]',
      '"ghost" is neither a person id, a person\'s wecom/dingtalk id, nor in this team\'s wecom_users',
    ],
    [
      'routes:\n  - { match: { channel: JD }, team: ops }\n',
      'routes[0].match.channel',
      'must be a channel like taobao or jd',
    ],
    [
      'rules:\n  Stuck: {}\n',
      'rules.Stuck',
      'must be lower-case letters, digits and _ (like stuck_unpicked)',
    ],
    ['rules:\n  stuck_unpicked: 2h\n', 'rules.stuck_unpicked', 'must be a mapping, got text "2h"'],
    [
      'rules:\n  stuck_unpicked: { after: 0s }\n',
      'rules.stuck_unpicked.after',
      '"0s" is zero; a duration must be positive',
    ],
    ['escalation:\n  default: []\n', 'escalation.default', 'must have at least one level'],
    ['escalation:\n  default: [{ notify: [admin] }]\n', 'escalation.default[0].after', 'is required'],
    [
      'escalation:\n  default: [{ after: 30, notify: [admin] }]\n',
      'escalation.default[0].after',
      'expected a duration, got 30 (no unit); use a number and a unit: 90s, 30m, 2h, 1d (or combined, largest unit first: 1h30m)',
    ],
    [
      'escalation:\n  default: [{ after: 1m, notify: [admin], ding: "yes" }]\n',
      'escalation.default[0].ding',
      'must be true or false, got text "yes"',
    ],
    [
      'refunds: { approval_required_from: "3000", second_approver_from: "2000" }\n',
      'refunds.second_approver_from',
      'must not be below approval_required_from (3000.00)',
    ],
    [
      'refunds: { approval_required_from: "-1" }\n',
      'refunds.approval_required_from',
      '金额不能为负数 / amount must not be negative',
    ],
    ['- a\n', '', 'the file must be a mapping of people, teams, routes, rules, escalation, refunds'],
  ])('explains the problem when the file says %j', (text, key, message) => {
    expect(issuesOf(text).map((i) => ({ key: i.key, message: i.message }))).toEqual([{ key, message }]);
  });

  it('accepts on_duty entries when they are person ids, their platform ids or team wecom_users', () => {
    const text = [
      'people:',
      '  - { id: zhangsan, name: 张三, wecom: zs, dingtalk: "manager1" }',
      'teams:',
      '  - { id: ops, wecom_users: [lisi], on_duty: [zhangsan, zs, manager1, lisi] }',
    ].join('\n');
    expect(issuesOf(text)).toEqual([]);
  });

  it.each([
    ['wecom', 'WeCom user'],
    ['dingtalk', 'DingTalk user'],
  ])('reports two people sharing one %s id', (platform, what) => {
    const text = `people:\n  - { id: a, name: A, ${platform}: same }\n  - { id: b, name: B, ${platform}: same }\n`;
    expect(issuesOf(text).map((i) => i.message)).toEqual([
      `duplicate ${what} "same" (already used by people[0])`,
    ]);
  });

  it('never echoes a team webhook key when it has the wrong type', () => {
    const issues = issuesOf('teams:\n  - { id: ops, wecom_webhook_key: [hunter2-webhook-key] }\n');
    expect(issues.map((i) => i.message)).toEqual(['must be text, got a list']);
    const withNumber = issuesOf('teams:\n  - { id: ops, wecom_webhook_key: { k: 987654321 } }\n');
    expect(JSON.stringify(withNumber)).not.toContain('987654321');
  });
});
