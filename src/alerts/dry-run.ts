// POST /api/v1/rules/dry-run: what a proposed `rules` section would fire over the current store.
// Reads only; the proposal replaces the configured settings of the rules it names.
import type { Config } from '../config/index.js';
import type { Clock } from '../lib/clock.js';
import type { Rule, RuleSettings, Severity } from '../rules/types.js';
import type { AlertStore } from '../store/alert-store.js';
import type { FactWindows } from '../store/facts-repo.js';
import type { OrderFacts } from '../rules/types.js';
import { evaluateOrders } from './evaluate.js';
import { activeRules, factWindows } from './rule-settings.js';

export interface DryRunDeps {
  allRules: readonly Rule[];
  config: Pick<Config, 'rules' | 'refunds' | 'routes'>;
  clock: Clock;
  scope(limit: number): Promise<{ ids: string[]; truncated: boolean }>;
  loadFacts(ids: readonly string[], windows: FactWindows): Promise<OrderFacts[]>;
  openAlertCounts(): Promise<Record<string, number>>;
}

export interface RuleForecast {
  enabled: boolean;
  settings: RuleSettings;
  fires: number;
  bySeverity: Record<Severity, number>;
  openNow: number;
  sample: { channel: string; externalId: string; severity: Severity; summary: string }[];
}

export const DRY_RUN_LIMIT = 200_000;

export async function dryRun(deps: DryRunDeps, proposal: Record<string, RuleSettings>) {
  const started = Date.now(); // reported only
  const active = activeRules(deps.allRules, { ...deps.config, rules: { ...deps.config.rules, ...proposal } });
  const windows = factWindows(active.settings);
  const { ids, truncated } = await deps.scope(DRY_RUN_LIMIT);
  const now = deps.clock.now();
  const openNow = await deps.openAlertCounts();
  const forecast: Record<string, RuleForecast> = {};
  for (const r of deps.allRules) {
    const settings = active.settings.get(r.id)!;
    forecast[r.id] = {
      enabled: settings.enabled !== false,
      settings,
      fires: 0,
      bySeverity: { info: 0, warning: 0, critical: 0 },
      openNow: openNow[r.id] ?? 0,
      sample: [],
    };
  }
  for (let i = 0; i < ids.length; i += 2000) {
    const facts = await deps.loadFacts(ids.slice(i, i + 2000), windows);
    const byId = new Map(facts.map((f) => [f.id, f]));
    const { found } = evaluateOrders(facts, active.rules, active.settings, deps.config.routes, now);
    for (const f of found) {
      const entry = forecast[f.rule]!;
      const severity = f.severity as Severity;
      entry.fires++;
      entry.bySeverity[severity]++;
      const o = byId.get(f.orderId)!;
      if (entry.sample.length < 10) {
        entry.sample.push({ channel: o.channel, externalId: o.externalId, severity, summary: f.summary });
      }
    }
  }
  return { evaluated: ids.length, truncated, rules: forecast, took_ms: Date.now() - started };
}

/** The dry-run as the HTTP layer takes it, over the alert store. */
export function createDryRun(deps: {
  store: Pick<AlertStore, 'dryRunScope' | 'loadFacts' | 'openAlertCounts'>;
  allRules: readonly Rule[];
  config: Pick<Config, 'rules' | 'refunds' | 'routes'>;
  clock: Clock;
}) {
  const ports: DryRunDeps = {
    allRules: deps.allRules,
    config: deps.config,
    clock: deps.clock,
    scope: (limit) => deps.store.dryRunScope(limit),
    loadFacts: (ids, windows) => deps.store.loadFacts(ids, windows),
    openAlertCounts: () => deps.store.openAlertCounts(),
  };
  return {
    knownRules: deps.allRules.map((r) => r.id),
    run: (proposal: Record<string, RuleSettings>) => dryRun(ports, proposal),
  };
}
