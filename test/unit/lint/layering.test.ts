// The layering rule of DESIGN.md §2, checked by running the project's ESLint config on small sources.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../../', import.meta.url).pathname });

async function layeringErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it.each([
    ['src/ingest/x.ts', "import { Queue } from 'bullmq';"],
    ['src/alerts/x.ts', "import Redis from 'ioredis';"],
    ['src/notify/x.ts', "import { x } from '../../bots/wecom/client.js';"],
    ['src/notify/x.ts', "import { x } from '../../jobs/queues.js';"],
    ['src/actions/x.ts', "import { DWClient } from 'dingtalk-stream';"],
    ['src/ingest/x.ts', "import { PrismaClient } from '../store/generated/client.js';"],
    ['bots/wecom/x.ts', "import { x } from '../../jobs/queues.js';"],
    ['jobs/x.ts', "import { x } from '../bots/wecom/client.js';"],
  ])('rejects %s importing across a layer: %s', async (file, source) => {
    expect(await layeringErrors(file, `${source}\nexport const y = 1;\n`)).not.toHaveLength(0);
  });

  it.each([
    ['src/main.ts', "import { Queue } from 'bullmq';"],
    ['src/main/delivery.ts', "import { x } from '../../bots/wecom/index.js';"],
    ['src/store/x.ts', "import { PrismaClient } from './generated/client.js';"],
    ['jobs/x.ts', "import { Queue } from 'bullmq';"],
    ['bots/wecom/x.ts', "import { x } from '../../src/lib/clock.js';"],
  ])('allows %s to import %s', async (file, source) => {
    expect(await layeringErrors(file, `${source}\nexport const y = 1;\n`)).toEqual([]);
  });
});
