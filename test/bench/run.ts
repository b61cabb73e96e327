// `npm run bench [-- name …]`: runs the named benchmarks (all by default) and merges their figures into
// bench/results.json. Benchmarks report; tests assert behaviour.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchAlertLatency } from './alert-latency.js';
import { benchCardLatency } from './card-latency.js';
import { benchEscalation } from './escalation.js';
import { benchIngest } from './ingest.js';
import { benchSweep } from './sweep.js';

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  ingest: benchIngest,
  sweep: benchSweep,
  alert_latency: benchAlertLatency,
  card_latency: benchCardLatency,
  escalation: benchEscalation,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length)
    throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; have ${Object.keys(BENCHES).join(', ')}`);
  const names = asked.length ? asked : Object.keys(BENCHES);
  const file = new URL('../../bench/results.json', import.meta.url);
  await mkdir(new URL('.', file), { recursive: true });
  const previous = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, unknown>;
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  for (const name of names) {
    console.error(`bench ${name}…`);
    const figures = await BENCHES[name]!();
    previous[name] = { ...figures, measured_at: new Date().toISOString(), machine };
    console.log(JSON.stringify({ [name]: previous[name] }, null, 2));
  }
  await writeFile(file, JSON.stringify(previous, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
