// A level's `notify` entries → people: a role → everyone with it, a person id → that person, a team id →
// its on-duty list (person ids, their platform ids, or bare wecom_users, kept as WeCom-only targets).
import { ROLES, type Team } from '../config/index.js';
import type { NotifiedPerson } from './types.js';

export interface Directory {
  people: readonly (NotifiedPerson & { roles: readonly string[] })[];
  teams: readonly Pick<Team, 'id' | 'onDuty' | 'wecomUsers'>[];
}

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

function onDuty(team: Directory['teams'][number], dir: Directory): NotifiedPerson[] {
  return team.onDuty.flatMap((who): NotifiedPerson[] => {
    const p = dir.people.find((x) => x.id === who || x.wecom === who || x.dingtalk === who);
    if (p) return [p];
    return team.wecomUsers.includes(who) ? [{ id: who, name: who, wecom: who, dingtalk: null }] : [];
  });
}

export function resolveNotify(notify: readonly string[], dir: Directory): NotifiedPerson[] {
  const out = new Map<string, NotifiedPerson>();
  const add = (p: NotifiedPerson) => {
    if (!out.has(p.id)) out.set(p.id, { id: p.id, name: p.name, wecom: p.wecom, dingtalk: p.dingtalk });
  };
  for (const target of notify) {
    if (ROLE_SET.has(target)) dir.people.filter((p) => p.roles.includes(target)).forEach(add);
    const person = dir.people.find((p) => p.id === target);
    if (person) add(person);
    const team = dir.teams.find((t) => t.id === target);
    if (team) onDuty(team, dir).forEach(add);
  }
  return [...out.values()];
}
