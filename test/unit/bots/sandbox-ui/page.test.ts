import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkCard, smsTo, startAll, wecomAppCard, wecomRobot, type All } from './helpers.js';

let all: All;
beforeAll(async () => {
  all = await startAll();
});
afterAll(() => all.stop());
beforeEach(() => {
  all.wecom.reset();
  all.dingtalk.reset();
  all.sms.reset();
});

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('GET /sandbox', () => {
  it('renders every chat with its person switcher when the emulators are empty', async () => {
    const res = await all.app.inject({ url: '/sandbox' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('企业微信 · hz 群');
    expect(res.body).toContain('钉钉 · hz 群');
    expect(res.body).toContain('企业微信 · 订单守望 ↔ 张三');
    expect(res.body).toContain('短信 · 发件箱');
    expect(res.body).toContain('张三（主管）');
    expect(res.body).toContain('李四（客服）');
    expect(res.body).toContain('/sandbox/sandbox.js');
  });

  it('renders robot markdown with mentions highlighted and hostile text escaped', async () => {
    const content = `**订单超时** <@lisi> [查看](https://ow.example.com/o/t?a=1&b=2) ${HOSTILE} [x](javascript:alert(3))`;
    expect(await wecomRobot(all, { msgtype: 'markdown', markdown: { content } })).toMatchObject({
      errcode: 0,
    });
    const { body } = await all.app.inject({ url: '/sandbox' });
    expect(body).toContain('<b>订单超时</b>');
    expect(body).toContain('<span class="at">@李四</span>');
    expect(body).toContain('href="https://ow.example.com/o/t?a=1&amp;b=2"');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('href="javascript:');
  });

  it('renders a robot image message as an inline picture when it carries base64 image data', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const image = { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') };
    expect(await wecomRobot(all, { msgtype: 'image', image })).toMatchObject({ errcode: 0 });
    const { body } = await all.app.inject({ url: '/sandbox' });
    expect(body).toContain(
      `<img class='image' src='data:image/png;base64,${image.base64.replace(/=/g, '&#x3D;')}'`,
    );
    expect(body).not.toContain('[image]');
  });

  it('renders a DingTalk card from its cardParamMap with its buttons and escapes its title', async () => {
    await dingtalkCard(all, 'al_1-r1', `订单超时 ${HOSTILE}`);
    const { body } = await all.app.inject({ url: '/sandbox' });
    expect(body).toContain('订单超时 &lt;script&gt;');
    expect(body).not.toContain('<script>alert');
    expect(body).toMatch(/data-platform=.dingtalk.\s+data-ref=.al_1-r1.\s+data-key=.ow1\.claim\.al_123./);
    expect(body).toContain('>认领</button>');
    expect(body).toContain('状态：待处理');
  });

  it('renders an app card in each recipient chat with clickable buttons for that person', async () => {
    expect(await wecomAppCard(all, 'task-page-1')).toMatchObject({ errcode: 0 });
    const { body } = await all.app.inject({ url: '/sandbox' });
    expect(body).toContain('新订单 #A1024');
    expect(body).toMatch(
      /data-ref=.task-page-1.\s+data-key=.ow1\.claim\.a1.\s+data-chatid=..\s+data-as=.zs./,
    );
    expect(body).toMatch(
      /data-ref=.task-page-1.\s+data-key=.ow1\.claim\.a1.\s+data-chatid=..\s+data-as=.ls./,
    );
  });

  it('serves its script and stylesheet', async () => {
    const js = await all.app.inject({ url: '/sandbox/sandbox.js' });
    const css = await all.app.inject({ url: '/sandbox/sandbox.css' });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body).toContain('/sandbox/events');
    expect(css.headers['content-type']).toContain('text/css');
  });
});

describe('GET /sandbox/state', () => {
  it('reflects what the emulators received when messages arrive through their HTTP APIs', async () => {
    await wecomRobot(all, { msgtype: 'text', text: { content: '库存不足', mentioned_list: ['zhangsan'] } });
    await wecomAppCard(all, 'task-state-1');
    await dingtalkCard(all, 'al_2-r1', '待发货超时');
    expect(await smsTo(all, '13800138000', 'TB42')).toMatchObject({ ok: true });
    const res = await all.app.inject({ url: '/sandbox/state' });
    expect(res.statusCode).toBe(200);
    const snap = res.json();
    expect(snap.teams[0].wecom.items).toMatchObject([
      { via: 'robot', msgtype: 'text', body: { text: { content: '库存不足' } }, mentions: ['zhangsan'] },
    ]);
    expect(snap.teams[0].dingtalk.cards).toMatchObject([
      { outTrackId: 'al_2-r1', params: { title: '待发货超时', status: '待处理' } },
    ]);
    expect(snap.apps.find((a: { personId: string }) => a.personId === 'ls').items).toMatchObject([
      { msgtype: 'template_card', taskId: 'task-state-1', replacedButton: null },
    ]);
    expect(snap.sms).toMatchObject([{ phone: '13800138000', text: '订单TB42已发货' }]);
    expect(JSON.stringify(snap)).not.toContain('hook-key-DO-NOT-LEAK');
  });
});
