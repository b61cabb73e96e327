// Checks across sections of orderwatch.yaml: unique ids, routes to existing teams, known on-duty people,
// escalation targets and order, refund thresholds. Paths are into the YAML (snake_case) for locating.
import { formatDuration } from './duration.js';
import { formatFen } from './money.js';
import { ROLES, type FileConfig } from './types.js';
import type { PathIssue } from './zod-issues.js';

/** `valid(section)` is false for sections that failed validation; checks that need them are skipped. */
export function checkFile(config: FileConfig, valid: (section: string) => boolean = () => true): PathIssue[] {
  const all = (...sections: string[]): boolean => sections.every(valid);
  return [
    ...(all('people') ? checkPeople(config) : []),
    ...(all('teams') ? checkTeamIds(config) : []),
    ...(all('people', 'teams') ? checkOnDuty(config) : []),
    ...(all('teams', 'routes') ? checkRoutes(config) : []),
    ...(all('people', 'teams', 'escalation') ? checkNotify(config) : []),
    ...(all('escalation') ? checkLevelOrder(config) : []),
    ...(all('refunds') ? checkRefunds(config) : []),
  ];
}

/** Reports each repeated value at its path, naming where it was first seen. */
function duplicates(entries: { value: string | null; path: PathIssue['path'] }[], what: string): PathIssue[] {
  const first = new Map<string, string>();
  const issues: PathIssue[] = [];
  for (const { value, path } of entries) {
    if (value === null) continue;
    const seen = first.get(value);
    if (seen)
      issues.push({ path, message: `duplicate ${what} ${JSON.stringify(value)} (already used by ${seen})` });
    else first.set(value, `${path[0]}[${path[1]}]`);
  }
  return issues;
}

function checkPeople({ people }: FileConfig): PathIssue[] {
  return [
    ...duplicates(
      people.map((p, i) => ({ value: p.id, path: ['people', i, 'id'] })),
      'person id',
    ),
    ...duplicates(
      people.map((p, i) => ({ value: p.wecom, path: ['people', i, 'wecom'] })),
      'WeCom user',
    ),
    ...duplicates(
      people.map((p, i) => ({ value: p.dingtalk, path: ['people', i, 'dingtalk'] })),
      'DingTalk user',
    ),
  ];
}

function checkTeamIds({ teams }: FileConfig): PathIssue[] {
  return duplicates(
    teams.map((t, i) => ({ value: t.id, path: ['teams', i, 'id'] })),
    'team id',
  );
}

function checkOnDuty({ teams, people }: FileConfig): PathIssue[] {
  const known = new Set(people.flatMap((p) => [p.id, p.wecom, p.dingtalk]).filter((x) => x !== null));
  return teams.flatMap((team, i) =>
    team.onDuty.flatMap((who, j) =>
      known.has(who) || team.wecomUsers.includes(who)
        ? []
        : [
            {
              path: ['teams', i, 'on_duty', j],
              message: `${JSON.stringify(who)} is neither a person id, a person's wecom/dingtalk id, nor in this team's wecom_users`,
            },
          ],
    ),
  );
}

function checkRoutes({ routes, teams }: FileConfig): PathIssue[] {
  const ids = teams.map((t) => t.id);
  return routes.flatMap((route, i) =>
    ids.includes(route.team)
      ? []
      : [
          {
            path: ['routes', i, 'team'],
            message: `team ${JSON.stringify(route.team)} is not defined in teams (${ids.join(', ')})`,
          },
        ],
  );
}

function checkNotify({ escalation, people, teams }: FileConfig): PathIssue[] {
  const targets = new Set<string>([...ROLES, ...people.map((p) => p.id), ...teams.map((t) => t.id)]);
  return Object.entries(escalation).flatMap(([name, levels]) =>
    levels.flatMap((level, i) =>
      level.notify
        .map((target, j) => ({ target, path: ['escalation', name, i, 'notify', j] }))
        .filter(({ target }) => !targets.has(target))
        .map(({ target, path }) => ({
          path,
          message: `${JSON.stringify(target)} is not a role (${ROLES.join(', ')}), person id or team id`,
        })),
    ),
  );
}

function checkLevelOrder({ escalation }: FileConfig): PathIssue[] {
  return Object.entries(escalation).flatMap(([name, levels]) =>
    levels.flatMap((level, i) => {
      const previous = levels[i - 1];
      if (!previous || level.afterMs > previous.afterMs) return [];
      const message = `must be later than the previous level (${formatDuration(previous.afterMs)})`;
      return [{ path: ['escalation', name, i, 'after'], message }];
    }),
  );
}

function checkRefunds({ refunds }: FileConfig): PathIssue[] {
  if (refunds.secondApproverFromFen >= refunds.approvalRequiredFromFen) return [];
  const message = `must not be below approval_required_from (${formatFen(refunds.approvalRequiredFromFen)})`;
  return [{ path: ['refunds', 'second_approver_from'], message }];
}
