import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedPort, PREFERRED_EMBEDDED_PORT } from '../../../src/store/embedded-port.js';

const dirs: string[] = [];
const servers: Server[] = [];
const dir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'ow-port-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('embeddedPort', () => {
  it('remembers the port chosen for a data folder', async () => {
    const d = await dir();
    await writeFile(join(d, 'pg-port'), '61234\n');
    expect(await embeddedPort(d)).toBe(61234);
  });

  it('chooses and records another free port when the preferred one is taken', async () => {
    const blocker = createServer();
    const taken = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(PREFERRED_EMBEDDED_PORT, '127.0.0.1', () => resolve(true));
    });
    if (taken) servers.push(blocker);
    const d = await dir();
    const port = await embeddedPort(d);
    expect(port).not.toBe(PREFERRED_EMBEDDED_PORT);
    expect(Number((await readFile(join(d, 'pg-port'), 'utf8')).trim())).toBe(port);
    expect(await embeddedPort(d)).toBe(port);
  });
});
