// The embedded server's port is chosen once per data folder and remembered there, so two checkouts on
// one machine do not collide, and every start of the same checkout finds its server where it left it.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const PREFERRED_EMBEDDED_PORT = 54329;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The port remembered for this data folder, or a newly chosen free one (54329 when it is free). */
export async function embeddedPort(dataDir: string): Promise<number> {
  const file = join(dataDir, 'pg-port');
  const saved = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(saved) && saved > 0 && saved < 65536) return saved;
  const port = (await isFree(PREFERRED_EMBEDDED_PORT)) ? PREFERRED_EMBEDDED_PORT : await anyFreePort();
  await writeFile(file, `${port}\n`);
  return port;
}
