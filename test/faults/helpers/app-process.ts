// orderwatch as a real child process (`node --import tsx src/main.ts --role=…`), the way it is deployed,
// so the test can SIGKILL it at any instant and start it again. Output goes to a log file per process
// (kept and printed when a test fails, or with FAULT_KEEP_LOGS=1); every process started here is killed
// when the test process ends, whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../../helpers/net.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
let logDir: string | null = null;
const logDirectory = () => (logDir ??= mkdtempSync(join(tmpdir(), 'ow-faults-logs-')));

export type Role = 'api' | 'worker' | 'stream' | 'all';

const alive = new Set<ChildProcess>();
let keep = Boolean(process.env.FAULT_KEEP_LOGS);
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** Keeps the processes' log files after the run (a test failed and printed where they are). */
export function keepLogs(): void {
  keep = true;
}

/** In afterAll: removes the log files, unless a test failed (or FAULT_KEEP_LOGS is set). */
export function dropLogs(): void {
  if (!keep && logDir) rmSync(logDir, { recursive: true, force: true });
  logDir = null;
}

export interface AppProcess {
  readonly name: string;
  readonly role: Role;
  /** http://127.0.0.1:PORT for api/all (the same port across restarts), else null. */
  readonly url: string | null;
  readonly logFile: string;
  /** How many times it was started. */
  readonly starts: number;
  running(): boolean;
  /** Starts it and waits until it serves (api/all), holds its Stream connection (stream) or has started. */
  start(): Promise<void>;
  /** Starts it without waiting (a kill may come at any moment of start-up). */
  spawn(): void;
  waitReady(ms?: number): Promise<void>;
  /** kill -9, and wait until it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM; SIGKILL if it has not exited within 15 s. Resolves with the exit code. */
  stop(): Promise<number | null>;
  /** The last lines of its log. */
  tail(lines?: number): string;
}

export async function appProcess(opts: {
  name: string;
  role: Role;
  env: Record<string, string>;
}): Promise<AppProcess> {
  const port = opts.role === 'api' || opts.role === 'all' ? await freePort() : null;
  const url = port === null ? null : `http://127.0.0.1:${port}`;
  const logFile = join(logDirectory(), `${opts.name}.log`);
  let child: ChildProcess | null = null;
  let output = ''; // since the last start
  let starts = 0;

  const readyLine = (): RegExp | null => {
    if (opts.role === 'api' || opts.role === 'all') return /listening on http/;
    if (opts.role === 'stream') return /dingtalk stream (re)?connected/;
    return /"msg":"mode: /;
  };

  const self: AppProcess = {
    name: opts.name,
    role: opts.role,
    url,
    logFile,
    get starts() {
      return starts;
    },
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    spawn() {
      if (self.running()) throw new Error(`${opts.name} is already running`);
      starts += 1;
      output = '';
      appendFileSync(logFile, `\n===== start #${starts} at ${new Date().toISOString()} =====\n`);
      const c = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', `--role=${opts.role}`], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/root',
          ...opts.env,
          ...(port === null ? {} : { PORT: String(port), PUBLIC_URL: url! }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onData = (d: Buffer) => {
        const text = d.toString();
        if (output.length < 200_000) output += text;
        appendFileSync(logFile, text);
      };
      c.stdout!.on('data', onData);
      c.stderr!.on('data', onData);
      alive.add(c);
      c.on('exit', () => alive.delete(c));
      child = c;
    },
    async waitReady(ms = 60_000) {
      const line = readyLine();
      const end = Date.now() + ms;
      while (!line || !line.test(output)) {
        if (!self.running()) throw new Error(`${opts.name} exited during start-up:\n${self.tail(30)}`);
        if (Date.now() > end) throw new Error(`${opts.name} not ready after ${ms} ms:\n${self.tail(30)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async start() {
      self.spawn();
      await self.waitReady();
    },
    async kill9() {
      const c = child;
      if (!c || !self.running()) return;
      appendFileSync(logFile, `\n===== SIGKILL at ${new Date().toISOString()} =====\n`);
      const exited = once(c, 'exit');
      c.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const c = child;
      if (!c || !self.running()) return c?.exitCode ?? null;
      const exited = once(c, 'exit') as Promise<[number | null]>;
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
    tail(lines = 40) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
  return self;
}
