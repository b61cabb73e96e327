import { afterEach, describe, expect, it } from 'vitest';
import { createStreamClient, type StreamClient } from '../../../../../bots/dingtalk/stream/index.js';
import { CID, CLIENT_SECRET, start } from '../helpers.js';
import { dtConfig, eventually, fakeHandler, memoryLog } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
let client: StreamClient | null = null;

afterEach(async () => {
  await client?.stop();
  await emu?.close();
  client = emu = null;
});

describe('dingtalk stream client: logs', () => {
  it('never writes the secret, a ticket, a session URL or message text, even at trace level', async () => {
    emu = await start({ disconnectCloseDelayMs: 20 });
    const mem = memoryLog();
    const h = fakeHandler();
    client = createStreamClient({ config: dtConfig(emu.url), handler: h.handler, log: mem.log });
    await client.start();
    const pushed = emu.pushRobotMessage({
      conversationId: CID,
      senderStaffId: 'u-li',
      senderNick: '李四',
      text: '认领 TB999',
    });
    await eventually(() => emu?.webhookMessages(CID).length);
    emu.disconnect('connection is expired');
    await eventually(() => client?.status().reconnects === 1);
    const tickets = emu.requests('/connections/open').map((r) => (r.response as { ticket: string }).ticket);
    const session = new URL(pushed.sessionWebhook).searchParams.get('session') ?? '';
    const text = mem.text();
    expect(text).toContain('dingtalk stream connected');
    for (const s of [CLIENT_SECRET, ...tickets, session, '认领 TB999']) expect(text).not.toContain(s);
  });
});
