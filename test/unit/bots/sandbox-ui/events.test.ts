import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAll, wecomRobot, type All } from './helpers.js';

let all: All;
let base: string;
beforeAll(async () => {
  all = await startAll();
  await all.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(all.app.server.address() as AddressInfo).port}`;
});
afterAll(() => all.stop());

/** Reads the stream until the first `event:` block, or fails after `ms`. */
async function firstEvent(body: ReadableStream<Uint8Array>, ms = 3000): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = setTimeout(() => void reader.cancel(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`no event before the deadline; got ${JSON.stringify(text)}`);
      text += decoder.decode(value, { stream: true });
      const block = text.split('\n\n').find((b) => b.startsWith('event:'));
      if (block) return block;
    }
  } finally {
    clearTimeout(deadline);
    void reader.cancel().catch(() => {});
  }
}

describe('GET /sandbox/events', () => {
  it('emits a change event when an emulator records a message', async () => {
    const res = await fetch(`${base}/sandbox/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const event = firstEvent(res.body!);
    await wecomRobot(all, { msgtype: 'text', text: { content: '新消息' } });
    const block = await event;
    expect(block).toContain('event: change');
    expect(JSON.parse(block.split('data: ')[1] ?? '')).toMatchObject({ version: expect.any(Number) });
  });
});
