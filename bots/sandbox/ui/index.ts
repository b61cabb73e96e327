// The sandbox page (issue 7 item 1): the emulated chats as people would see them, live, with buttons and a
// text box that act as a chosen person through the emulators' drivers. A fastify plugin for
// AppDeps.platformRoutes, registered only in sandbox mode; it binds nothing of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import type { Person, Team } from '../../../src/config/index.js';
import type { Logger } from '../../../src/lib/logger.js';
import type { Sandbox } from '../start-sandbox.js';
import { click, ClickBody, SandboxInputError, say, SayBody } from './actions.js';
import { createChangeFeed } from './events.js';
import { fingerprint, takeSnapshot, type SandboxScope } from './snapshot.js';
import { chatsView, peopleView } from './view.js';

export interface SandboxUiDeps {
  sandbox: Pick<Sandbox, 'wecom' | 'dingtalk' | 'sms'>;
  people: Person[];
  teams: Team[];
  log: Pick<Logger, 'warn'>;
  /** templates/pages by default. */
  templatesDir?: string;
  /** How often the emulators are compared for /sandbox/events (ms). */
  pollMs?: number;
}

export const DEFAULT_SANDBOX_TEMPLATES = fileURLToPath(new URL('../../../templates/pages', import.meta.url));

export const SANDBOX_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
} as const;

function loadTemplates(dir: string) {
  const hb = Handlebars.create();
  const compile = (name: string) => hb.compile(readFileSync(join(dir, name), 'utf8'), { strict: true });
  return {
    page: compile('sandbox.hbs'),
    chats: compile('sandbox-chats.hbs'),
    css: readFileSync(join(dir, 'sandbox.css'), 'utf8'),
    js: readFileSync(join(dir, 'sandbox.js'), 'utf8'),
  };
}

type AsQuery = { Querystring: { as?: string } };

export function sandboxUiRoutes(deps: SandboxUiDeps): FastifyPluginAsync {
  return async (app) => {
    const t = loadTemplates(deps.templatesDir ?? DEFAULT_SANDBOX_TEMPLATES);
    const scope: SandboxScope = { sandbox: deps.sandbox, people: deps.people, teams: deps.teams, said: [] };
    const feed = createChangeFeed(() => fingerprint(scope), deps.pollMs);
    app.addHook('preClose', async () => feed.close());

    const viewer = (as: string | undefined) =>
      deps.people.some((p) => p.id === as) ? as : deps.people[0]?.id;
    const renderChats = (as: string | undefined) =>
      t.chats({ sections: chatsView(takeSnapshot(scope, viewer(as)), deps.people) });
    const html = (reply: FastifyReply, body: string) => reply.headers(SANDBOX_PAGE_HEADERS).send(body);

    app.get<AsQuery>('/sandbox', async (req, reply) => {
      const as = viewer(req.query.as);
      const page = t.page({
        people: peopleView(deps.people, as),
        teams: deps.teams.map((team) => ({ id: team.id })),
        chats: renderChats(as),
      });
      return html(reply, `<!doctype html>\n${page}`);
    });
    app.get<AsQuery>('/sandbox/chats', async (req, reply) => html(reply, renderChats(req.query.as)));
    app.get<AsQuery>('/sandbox/state', async (req, reply) =>
      reply.header('cache-control', 'no-store').send(takeSnapshot(scope, viewer(req.query.as))),
    );
    app.get('/sandbox/sandbox.css', async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(t.css),
    );
    app.get('/sandbox/sandbox.js', async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(t.js),
    );
    app.get('/sandbox/events', (req, reply) => {
      reply.hijack();
      const detach = feed.attach(reply.raw);
      req.raw.on('close', detach);
    });

    const act =
      <T>(
        schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
        run: (b: T) => Promise<unknown>,
      ) =>
      async (req: { body: unknown }, reply: FastifyReply) => {
        const parsed = schema.safeParse(req.body);
        if (!parsed.success) return reply.status(400).send({ error: 'bad_request', message: '请求格式不对' });
        try {
          return reply.send({ ok: true, result: await run(parsed.data) });
        } catch (err) {
          const input = err instanceof SandboxInputError;
          if (!input) deps.log.warn({ err }, 'sandbox action refused');
          return reply
            .status(input ? 400 : 409)
            .send({ error: input ? 'bad_request' : 'refused', message: (err as Error).message });
        }
      };
    app.post(
      '/sandbox/click',
      act(ClickBody, (b) => click(scope, b)),
    );
    app.post(
      '/sandbox/say',
      act(SayBody, (b) => say(scope, b)),
    );
  };
}
