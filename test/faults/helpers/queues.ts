// Each fault run uses its own queue namespace on Redis; afterwards its queues (jobs, schedulers, events)
// are removed, so the machine's shared Redis keeps nothing of it.
import { randomBytes } from 'node:crypto';
import { createQueueKit } from '../../../jobs/queues.js';

export const faultNamespace = () => `ow-faults-${randomBytes(4).toString('hex')}`;

export async function dropQueues(redisUrl: string, namespace: string): Promise<void> {
  const kit = createQueueKit({ kind: 'redis', url: redisUrl, namespace });
  try {
    await kit.obliterate();
  } finally {
    await kit.close();
  }
}
