// `npm run bench [-- name …]`: runs the named benchmarks (all by default) and merges their figures into
// bench/results.json (written after each benchmark), then writes bench/RESULTS.md from it.
// `npm run bench -- report` only rewrites bench/RESULTS.md. Benchmarks report; tests assert behaviour.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import pg from 'pg';
import { PG_ADMIN_URL } from '../helpers/env.js';
import { benchAlertLatency } from './alert-latency.js';
import { benchCardLatency } from './card-latency.js';
import { benchEscalation } from './escalation.js';
import { benchIngest } from './ingest.js';
import { writeReport } from './report.js';
import { benchSoak } from './soak.js';
import { benchSweep } from './sweep.js';

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  ingest: benchIngest,
  sweep: benchSweep,
  alert_latency: benchAlertLatency,
  card_latency: benchCardLatency,
  escalation: benchEscalation,
  soak: benchSoak,
};

async function postgresVersion(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await c.connect();
    return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? null;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const reportOnly = asked.length === 1 && asked[0] === 'report';
  const unknown = reportOnly ? [] : asked.filter((a) => !(a in BENCHES));
  if (unknown.length)
    throw new Error(
      `unknown benchmark(s): ${unknown.join(', ')}; have ${Object.keys(BENCHES).join(', ')} (or "report")`,
    );
  const names = reportOnly ? [] : asked.length ? asked : Object.keys(BENCHES);
  const file = new URL('../../bench/results.json', import.meta.url);
  await mkdir(new URL('.', file), { recursive: true });
  const previous = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: await postgresVersion(),
    os: `${type()} ${release()}`,
  };
  for (const name of names) {
    console.error(`bench ${name}…`);
    // Other work on the machine disturbs every figure: the load average says how busy it was.
    const load = loadavg()[0]!;
    const t0 = Date.now();
    const figures = await BENCHES[name]!();
    previous[name] = {
      ...figures,
      measured_at: new Date().toISOString(),
      took_s: Math.round((Date.now() - t0) / 1000),
      load_avg_1m_at_start: Math.round(load * 100) / 100,
      machine,
    };
    console.log(JSON.stringify({ [name]: previous[name] }, null, 2));
    // After each benchmark, so a failure later in the run keeps what was measured.
    await writeFile(file, JSON.stringify(previous, null, 2) + '\n');
    await writeReport(previous, machine);
  }
  if (reportOnly) await writeReport(previous, machine);
  console.error('bench/RESULTS.md written');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
