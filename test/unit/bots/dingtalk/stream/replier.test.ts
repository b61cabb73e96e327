import { afterEach, describe, expect, it } from 'vitest';
import { createRobotReplier } from '../../../../../bots/dingtalk/stream/index.js';
import { systemClock } from '../../../../../src/lib/clock.js';
import { CID, start } from '../helpers.js';
import { OK_REPLY, dtConfig, memoryLog } from './helpers.js';

type Emu = Awaited<ReturnType<typeof start>>;
let emu: Emu | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});

const replier = (e: Emu) =>
  createRobotReplier({ config: dtConfig(e.url), clock: systemClock, log: memoryLog().log });

describe('dingtalk robot replier', () => {
  it('falls back to a 1:1 message when the sessionWebhook has expired (300001)', async () => {
    emu = await start();
    const url = emu.mintSessionWebhook(CID, 0);
    const out = await replier(emu).send(
      { sessionWebhook: url, sessionWebhookExpiresAt: null, staffId: 'u-zhang' },
      OK_REPLY,
    );
    expect(out).toBe('direct');
    expect(emu.webhookMessages()).toEqual([]);
    const [dm] = emu.directMessages('u-zhang');
    expect(dm).toMatchObject({ msgKey: 'sampleMarkdown', msgParam: { title: '已认领' } });
    expect((dm?.msgParam as { text: string }).text).not.toContain('@u-zhang');
  });

  it('never calls a sessionWebhook outside the oapi host, nor one known to be expired', async () => {
    emu = await start();
    const r = replier(emu);
    const evil = {
      sessionWebhook: 'http://169.254.169.254/x',
      sessionWebhookExpiresAt: null,
      staffId: 'u-li',
    };
    expect(await r.send(evil, OK_REPLY)).toBe('direct');
    const old = { sessionWebhook: emu.mintSessionWebhook(CID), sessionWebhookExpiresAt: 1, staffId: 'u-li' };
    expect(await r.send(old, OK_REPLY)).toBe('direct');
    expect(emu.requests('/robot/sendBySession')).toEqual([]);
    expect(emu.directMessages('u-li')).toHaveLength(2);
  });

  it('reports failure instead of throwing when nothing can be sent', async () => {
    emu = await start();
    const url = emu.mintSessionWebhook(CID, 0);
    expect(
      await replier(emu).send(
        { sessionWebhook: url, sessionWebhookExpiresAt: null, staffId: null },
        OK_REPLY,
      ),
    ).toBe('failed');
    emu.fail({ kind: 'reset', count: 1, path: '/robot/sendBySession' });
    const live = {
      sessionWebhook: emu.mintSessionWebhook(CID),
      sessionWebhookExpiresAt: null,
      staffId: 'u-li',
    };
    expect(await replier(emu).send(live, OK_REPLY)).toBe('failed');
  });
});
