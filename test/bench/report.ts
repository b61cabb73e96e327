// bench/RESULTS.md from bench/results.json: every figure of issue item 1 against its goal, the naive
// approaches next to them, the machine and how busy it was, how to reproduce, and the soak plot. Written
// by `npm run bench` after every benchmark (and by `npm run bench -- report` alone). A figure missing from
// results.json says so instead of guessing.
import { NAIVE_POLL_MS, pollingWait } from './naive.js';
import { writeFormatted } from './write-formatted.js';

type Json = Record<string, unknown>;

/** The value at a dotted path, or undefined. */
function at(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Json)[k];
  }
  return v;
}
const num = (o: unknown, path: string): number | undefined => {
  const v = at(o, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const n = (x: number | undefined, digits = 0) =>
  x === undefined
    ? '—'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number | undefined) => (x === undefined ? '—' : `${n(x, Number.isInteger(x) ? 0 : 1)} ms`);
const s = (x: number | undefined) => (x === undefined ? '—' : `${n(x / 1000, x % 1000 ? 1 : 0)} s`);
const yes = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? '**yes**' : '**no**');
const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

interface Row {
  figure: string;
  goal: string;
  measured: string;
  meets: string;
  bench: string;
}

const NOT_RUN = (bench: string): Row => ({
  figure: bench,
  goal: '',
  measured: `not in bench/results.json yet: \`npm run bench -- ${bench}\``,
  meets: '—',
  bench,
});

function ingestRows(r: unknown): Row[] {
  if (!r) return [NOT_RUN('ingest')];
  const goalRate = num(r, 'goal.api_orders_per_s') ?? 5000;
  const goalRatio = num(r, 'goal.ratio') ?? 0.6;
  return [1, 4].map((c) => {
    const api = num(r, `concurrency_${c}.api_orders_per_s`);
    const raw = num(r, `concurrency_${c}.raw_pg_orders_per_s`);
    const ratio = num(r, `concurrency_${c}.ratio`);
    const rateOk = api === undefined ? undefined : api >= goalRate;
    const ratioOk = ratio === undefined ? undefined : ratio >= goalRatio;
    return {
      figure: `Ingest, batches of ${n(num(r, 'batch_size'))} orders, ${c} in flight: HTTP API orders/s, and its ratio to a raw \`pg\` multi-row insert of the same rows in the same run`,
      goal: `≥ ${n(goalRate)} orders/s and ratio ≥ ${goalRatio}`,
      measured: `${n(api)} orders/s; raw pg ${n(raw)} orders/s; ratio ${ratio ?? '—'} (medians of ${(at(r, `concurrency_${c}.samples.api`) as unknown[] | undefined)?.length ?? '—'} runs of ${n(num(r, 'orders'))} orders)`,
      meets:
        rateOk === undefined || ratioOk === undefined
          ? '—'
          : rateOk && ratioOk
            ? '**yes**'
            : `**no** (${[!rateOk && 'rate', !ratioOk && 'ratio'].filter(Boolean).join(', ')}; ${[rateOk && 'rate', ratioOk && 'ratio'].filter(Boolean).join(', ') || 'nothing'} met)`,
      bench: 'ingest',
    };
  });
}

function cardRow(r: unknown): Row {
  if (!r) return NOT_RUN('card_latency');
  const p99 = num(r, 'latency_ms.p99');
  const goal = num(r, 'goal_p99_ms') ?? 250;
  const missing = num(r, 'missing') ?? 0;
  return {
    figure: `Ingest → card: POST /api/v1/events → WeCom emulator accepted the group card, whole server, at ${n(num(r, 'target_rate_per_s'))} events/s (achieved ${n(num(r, 'achieved_rate_per_s'))})`,
    goal: `p99 ≤ ${n(goal)} ms`,
    measured: `p50 ${ms(num(r, 'latency_ms.p50'))}, p99 ${ms(p99)}, max ${ms(num(r, 'latency_ms.max'))} (${n(num(r, 'cards_received'))} of ${n(num(r, 'events'))} cards${missing ? `, ${n(missing)} missing` : ''})`,
    meets: yes(p99 === undefined ? undefined : p99 <= goal && missing === 0),
    bench: 'card_latency',
  };
}

function sweepRow(r: unknown): Row {
  if (!r) return NOT_RUN('sweep');
  const goal = num(r, 'goal.sweep_ms') ?? 500;
  const first = num(r, 'first_sweep.took_ms');
  const steadyMax = num(r, 'steady_state_sweep.max_ms');
  const tick = num(r, 'sweep_after_60_s.took_ms');
  const later = num(r, 'sweep_after_30_min.took_ms');
  const all = [first, steadyMax, tick, later];
  const over = ['first', 'steady', '60 s later', '30 min later'].filter((_l, i) => (all[i] ?? 0) > goal);
  return {
    figure: `Sweep (5 time-based rules + muting refresh) over ${n(num(r, 'orders'))} orders (${n(num(r, 'open_orders'))} open)`,
    goal: `≤ ${n(goal)} ms`,
    measured: `first (opens ${n(num(r, 'first_sweep.opened'))} alerts) ${ms(first)}; steady median ${ms(num(r, 'steady_state_sweep.median_ms'))}, max ${ms(steadyMax)}; one tick (60 s) later ${ms(tick)}; 30 min later (${n(num(r, 'sweep_after_30_min.opened'))} opened, ${n(num(r, 'sweep_after_30_min.resolved'))} resolved) ${ms(later)}`,
    meets: all.some((x) => x === undefined)
      ? '—'
      : over.length
        ? `**no** for ${over.join(', ')}; yes otherwise`
        : '**yes**',
    bench: 'sweep',
  };
}

function escalationRow(r: unknown): Row {
  if (!r) return NOT_RUN('escalation');
  const p99 = num(r, 'lateness_ms.p99');
  const goal = num(r, 'goal.p99_ms') ?? 1000;
  const applied = num(r, 'levels_applied');
  const timers = num(r, 'timers');
  return {
    figure: `Escalation: lateness of ${n(timers)} pending timers (delayed BullMQ jobs, all due within 2 s)`,
    goal: `p99 ≤ ${s(goal)}`,
    measured: `p50 ${ms(num(r, 'lateness_ms.p50'))}, p99 ${ms(p99)}, max ${ms(num(r, 'lateness_ms.max'))}; ${n(applied)} of ${n(timers)} applied`,
    meets: yes(p99 === undefined ? undefined : p99 <= goal && applied === timers),
    bench: 'escalation',
  };
}

function soakRows(r: unknown): Row[] {
  if (!r) return [NOT_RUN('soak')];
  const peak = num(r, 'peak_rss_mb');
  const goal = num(r, 'goal.peak_rss_mb') ?? 300;
  const verdicts = ['rss_mb', 'backlog'].map((k) => at(r, `trend.${k}.verdict`) as string | undefined);
  const trendText = (k: string, unit: string) => {
    const ci = at(r, `trend.${k}.ci95_per_min`) as number[] | undefined;
    const ci95 = ci ? `${n(ci[0], 2)} to ${n(ci[1], 2)}` : '—';
    return `${n(num(r, `trend.${k}.per_min`), 2)} ${unit}/min (95 % interval ${ci95}): ${at(r, `trend.${k}.verdict`) ?? '—'}`;
  };
  const drained = at(r, 'drained_after_load_ms');
  const seconds = num(r, 'seconds') ?? 0;
  const short = seconds < 600 ? ` — **short run** (SOAK_SECONDS=${seconds}; the goals are for 600 s)` : '';
  return [
    {
      figure: `Peak RSS (VmHWM) of one all-role process during the soak (${n(num(r, 'rate.target_items_per_s'))} items/s for ${s(seconds * 1000)})${short}`,
      goal: `≤ ${n(goal)} MB`,
      measured: `${n(peak, 1)} MB (RSS at start ${n(num(r, 'rss_mb.at_start'), 1)} MB, median under load ${n(num(r, 'rss_mb.load_p50'), 1)} MB, at end ${n(num(r, 'rss_mb.at_end'), 1)} MB)`,
      meets: yes(peak === undefined ? undefined : peak <= goal),
      bench: 'soak',
    },
    {
      figure: `Soak: growth trend over the second half (RSS; queue backlog without escalation timers)${short}`,
      goal: 'no growth trend',
      measured: `RSS ${trendText('rss_mb', 'MB')}; backlog ${trendText('backlog', 'items')}; backlog drained ${typeof drained === 'number' ? `${ms(drained)} after the load` : 'not within the drain timeout'}`,
      meets:
        verdicts.includes('growth') || typeof drained !== 'number'
          ? '**no**'
          : verdicts.every((v) => v === 'no growth trend')
            ? '**yes**'
            : '**inconclusive**',
      bench: 'soak',
    },
  ];
}

function alertRow(r: unknown): Row {
  if (!r) return NOT_RUN('alert_latency');
  const p99 = num(r, 'latency_ms.p99');
  const goal = num(r, 'goal.p99_ms') ?? 200;
  return {
    figure: `(not an issue-1 figure) Ingest → alert row at ${n(num(r, 'rate.target_events_per_s'))} events/s, one process`,
    goal: `p99 ≤ ${n(goal)} ms (the bench's own)`,
    measured: `p50 ${ms(num(r, 'latency_ms.p50'))}, p99 ${ms(p99)}, max ${ms(num(r, 'latency_ms.max'))} (${n(num(r, 'alerts_opened'))} of ${n(num(r, 'events_sent'))} alerts)`,
    meets: yes(p99 === undefined ? undefined : p99 <= goal && at(r, 'all_events_opened_one_alert') !== false),
    bench: 'alert_latency',
  };
}

const quantiles = (q: unknown) =>
  q ? `p50 ${s(num(q, 'p50'))}, p99 ${s(num(q, 'p99'))}, max ${s(num(q, 'max'))}` : undefined;

function naiveRows(results: Json): string[][] {
  const rows: string[][] = [];
  const ing = results.ingest;
  if (ing)
    rows.push([
      'Ingest',
      'one Prisma `upsert` per order',
      `${n(num(ing, 'per_row_prisma_upsert_orders_per_s'))} orders/s`,
      'measured (one batch of 500, sequential, same run)',
      `${n(num(ing, 'concurrency_1.api_orders_per_s'))} orders/s (1 in flight), ${n(num(ing, 'concurrency_4.api_orders_per_s'))} (4 in flight)`,
    ]);
  const sw = results.sweep;
  if (sw) {
    rows.push([
      'Sweep',
      "load every open order's facts into JS (batches of 1,000) and run every rule there",
      `${ms(num(sw, 'naive.total_ms'))} for ${n(num(sw, 'naive.open_orders'))} open orders (loading ${ms(num(sw, 'naive.load_facts_ms'))}, rules ${ms(num(sw, 'naive.evaluate_rules_ms'))})`,
      at(sw, 'naive.extrapolated') ? 'measured on part, extrapolated' : 'measured, same run',
      `${ms(num(sw, 'steady_state_sweep.median_ms'))} steady, ${ms(num(sw, 'first_sweep.took_ms'))} first`,
    ]);
    const delay =
      (at(sw, 'naive_polling_every_5_min.detection_delay_ms') as unknown) ?? pollingWait(NAIVE_POLL_MS);
    const ours =
      (at(sw, 'naive_polling_every_5_min.sweep_every_60_s_detection_delay_ms') as unknown) ??
      pollingWait(60_000);
    rows.push([
      'Sweep',
      'poll every 5 minutes',
      `threshold crossing found ${quantiles(delay)} late, plus the run`,
      'computed (uniform wait over one period)',
      `sweep every 60 s (SWEEP_INTERVAL_SECONDS default): ${quantiles(ours)}, plus ${ms(num(sw, 'steady_state_sweep.median_ms'))}`,
    ]);
  }
  for (const [name, label, figure] of [
    ['card_latency', 'Ingest → card', 'latency_ms'],
    ['alert_latency', 'Ingest → alert', 'latency_ms'],
  ] as const) {
    const r = results[name];
    if (!r) continue;
    const wait = (at(r, 'naive_polling_every_5_min.wait_ms') as unknown) ?? pollingWait(NAIVE_POLL_MS);
    rows.push([
      label,
      'poll every 5 minutes instead of detecting on ingest',
      `waits ${quantiles(wait)} for the poll, plus its work`,
      'computed (uniform wait over one period)',
      `p50 ${ms(num(r, `${figure}.p50`))}, p99 ${ms(num(r, `${figure}.p99`))} end to end`,
    ]);
  }
  const esc = results.escalation;
  if (esc) {
    const sim = at(esc, 'naive_polling_every_5_min.lateness_ms');
    rows.push([
      'Escalation',
      'poll every 5 minutes for due levels instead of one timer each',
      sim ? `lateness ${quantiles(sim)}` : 'not in bench/results.json yet: `npm run bench -- escalation`',
      'simulated over the same run’s due times at 1,000 poller phases (not measured; poll work not included)',
      `p50 ${ms(num(esc, 'lateness_ms.p50'))}, p99 ${ms(num(esc, 'lateness_ms.p99'))}`,
    ]);
  }
  return rows;
}

/** What the soaked process logged at warn and above, by message. */
function soakLogs(r: unknown): string {
  const problems =
    (at(r, 'child.logs.problems') as { message: string; level: number; count: number }[]) ?? [];
  const stop = at(r, 'child.stop');
  const stopped =
    stop && typeof stop === 'object'
      ? ` On SIGTERM it exited with code ${String(at(stop, 'exit_code'))} after ${ms(num(stop, 'stop_ms'))}.`
      : '';
  if (!problems.length) return `The process logged no warnings or errors.${stopped}`;
  const list = problems
    .slice(0, 8)
    .map((p) => `${p.level >= 50 ? 'error' : 'warning'} “${p.message}” ×${n(p.count)}`)
    .join('; ');
  return `The process logged ${n(num(r, 'child.logs.warn'))} warnings and ${n(num(r, 'child.logs.error'))} errors: ${list}.${stopped}`;
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** `machine`: the one running now (run.ts passes it); default, that of the latest entry. */
export function renderReport(results: Json, current?: Json): string {
  const rows = [
    ...ingestRows(results.ingest),
    cardRow(results.card_latency),
    sweepRow(results.sweep),
    escalationRow(results.escalation),
    ...soakRows(results.soak),
    alertRow(results.alert_latency),
  ];
  const names = Object.keys(results);
  const latest = names
    .map((k) => ({ k, at: String(at(results[k], 'measured_at') ?? '') }))
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  const machine = current ?? (latest && (at(results[latest.k], 'machine') as Json | undefined)) ?? {};
  const sameMachine = (m: unknown) =>
    m !== undefined && ['cpus', 'cpu', 'memory_gb', 'node'].every((k) => at(m, k) === machine[k]);
  const runs = names.map((k) => {
    const r = results[k];
    const m = at(r, 'machine');
    return [
      `\`${k}\``,
      String(at(r, 'measured_at') ?? '—'),
      num(r, 'took_s') === undefined ? '—' : `${n(num(r, 'took_s'))} s`,
      num(r, 'load_avg_1m_at_start') === undefined ? 'not recorded' : String(num(r, 'load_avg_1m_at_start')),
      sameMachine(m)
        ? 'this machine'
        : `**other**: ${at(m, 'cpus') ?? '?'} × ${at(m, 'cpu') ?? '?'}, ${at(m, 'memory_gb') ?? '?'} GB, node ${at(m, 'node') ?? '?'}`,
    ];
  });
  const soak = results.soak;
  const out = [
    '# Benchmark results',
    '',
    'Generated by `npm run bench` (test/bench/report.ts) from [results.json](results.json) after every benchmark; do not edit by hand. Benchmarks report, tests assert behaviour: a **no** below is a finding, not a failing build.',
    '',
    '## Figures and goals',
    '',
    table(
      ['Figure', 'Goal', 'Measured', 'Meets goal', 'Bench'],
      rows.map((r) => [r.figure, r.goal, r.measured, r.meets, `\`${r.bench}\``]),
    ),
    '',
    '## Naive approaches, for comparison',
    '',
    table(
      ['Bench', 'Naive approach', 'Naive figure', 'How obtained', 'This implementation'],
      naiveRows(results),
    ),
    '',
    '## Machine',
    '',
    'The machine `npm run bench` last ran on:',
    '',
    table(
      ['CPUs', 'CPU model', 'RAM', 'Node', 'PostgreSQL', 'OS'],
      [
        [
          String(machine.cpus ?? '—'),
          String(machine.cpu ?? '—'),
          machine.memory_gb === undefined ? '—' : `${String(machine.memory_gb)} GB`,
          String(machine.node ?? '—'),
          String(machine.postgres ?? 'not recorded'),
          String(machine.os ?? 'not recorded'),
        ],
      ],
    ),
    '',
    'Postgres and Redis run on the same machine (127.0.0.1), as does the load generator. The figures are only as good as the machine was quiet: the load average at each benchmark’s start is below.',
    '',
    table(['Bench', 'Measured at', 'Took', 'Load average (1 min) at start', 'Machine'], runs),
    '',
    '## Soak',
    '',
    ...(soak
      ? [
          `After a ${n(num(soak, 'rate.ramp.seconds'))} s ramp (new orders arriving at a steady rate until their events come due${at(soak, 'rate.ramp.reached_rate') === false ? '; it did **not** reach the rate' : ''}), ${n(num(soak, 'rate.target_items_per_s'))} items/s for ${n(num(soak, 'seconds'))} s (achieved ${n(num(soak, 'rate.achieved_items_per_s'), 1)}, second half ${n(num(soak, 'rate.second_half_items_per_s'), 1)}; ${n(num(soak, 'rate.orders'))} orders and ${n(num(soak, 'rate.events'))} events in all, ${n(num(soak, 'rate.http_errors'))} HTTP errors, ${n(num(soak, 'rate.item_errors'))} refused items) through one all-role process; ${n(num(soak, 'cards_received.wecom_group'))} WeCom group cards and ${n(num(soak, 'cards_received.dingtalk_card_calls'))} DingTalk card calls accepted by the emulators; ${n(num(soak, 'alerts.resolved_at_end'))} alerts resolved, ${n(num(soak, 'alerts.open_at_end'))} open at the end. Queue depth under load: max ${n(num(soak, 'queue_depth.max'))} in all, backlog max ${n(num(soak, 'queue_depth.backlog_max'))} (median ${n(num(soak, 'queue_depth.backlog_p50'))}); the escalation timers (${n(num(soak, 'queue_depth.escalation_timers_at_end'))} at the end) grow by design until the first level falls due 30 minutes after an alert opens. Time series: [soak.json](soak.json).`,
          '',
          soakLogs(soak),
          '',
          '![Soak: RSS and queue depth over time](soak.svg)',
        ]
      : ['Not run yet: `npm run bench -- soak`.']),
    '',
    '## Reproduce',
    '',
    'Postgres on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379; nothing else busy on the machine.',
    '',
    '```sh',
    'npm run bench                  # every benchmark, then this file (the soak alone takes ~12 minutes)',
    'npm run bench -- sweep soak    # only these; the others keep their last figures',
    'SOAK_SECONDS=60 npm run bench -- soak   # a short soak (trend figures need the full 600 s)',
    'npm run bench -- report        # rewrite this file from results.json',
    '```',
    '',
    'Knobs (environment): `BENCH_INGEST_BATCHES`, `BENCH_SWEEP_ORDERS`, `BENCH_ALERT_EVENTS`, `BENCH_CARD_EVENTS`, `BENCH_ESCALATION_TIMERS`, `SOAK_SECONDS`, `BENCH_SOAK_RATE`, `BENCH_SOAK_TEAMS`, `BENCH_SOAK_ANOMALY_SHARE`, `BENCH_SOAK_COMPRESS`, `BENCH_SOAK_SAMPLE_SECONDS`, `BENCH_SOAK_SEED`; the defaults give the figures above. The soak writes its time series to [soak.json](soak.json) and its plot to [soak.svg](soak.svg).',
    '',
  ];
  return out.join('\n');
}

export async function writeReport(results: Json, machine?: Json): Promise<void> {
  await writeFormatted(new URL('../../bench/RESULTS.md', import.meta.url), renderReport(results, machine));
}
