// First matching route wins (CONTRACT.md §5); every field a route names must equal the alert's.
import type { Route } from '../config/index.js';

export interface Routable {
  kind: string;
  rule: string;
  channel: string;
  warehouse: string | null;
  severity: string;
}

export function routeTeam(routes: readonly Route[], a: Routable): string | null {
  for (const { match, team } of routes) {
    const ok =
      (match.kind === undefined || match.kind === a.kind) &&
      (match.rule === undefined || match.rule === a.rule) &&
      (match.channel === undefined || match.channel === a.channel) &&
      (match.warehouse === undefined || match.warehouse === a.warehouse) &&
      (match.severity === undefined || match.severity === a.severity);
    if (ok) return team;
  }
  return null;
}
