// GET /o/:token (one order, full record: DESIGN.md §3.5) and GET /d/:token (the alerts folded into one
// digest card): HTML for people who tap a link in a chat card. The signed, expiring token is the only
// credential; it is never written back into a page or a log line.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LinkSigner } from '../../lib/signed-link.js';
import type { PageStore } from '../../store/page-read.js';
import { loadPageTemplates, type ErrorKind, type PageTemplates } from '../pages/page-templates.js';
import { digestPageView, ORDER_LINK_TTL_MS, orderPageView } from '../pages/views.js';

export interface PageDeps {
  links: Pick<LinkSigner, 'sign' | 'verify'>;
  store: PageStore;
  /** templates/pages and templates/cards/labels.yaml by default. */
  templatesDir?: string;
  cardLabels?: string;
}

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  'x-content-type-options': 'nosniff',
} as const;

const DIGEST_PREFIX = 'digest:';

/** Router `maxParamLength` an app serving these pages needs: digest tokens pass fastify's default 100. */
export const PAGE_MAX_PARAM_LENGTH = 2048;

const STATUS: Record<ErrorKind, number> = {
  invalid: 404,
  expired: 410,
  noOrder: 404,
  noDigest: 404,
  failed: 500,
};

type Verified = { id: string } | { error: ErrorKind };

/** The id a token stands for, if it is ours, unexpired and of the right sort (order or digest). */
function verify(links: PageDeps['links'], token: string, digest: boolean): Verified {
  const r = links.verify(token);
  if ('error' in r) return { error: r.error === 'expired' ? 'expired' : 'invalid' };
  const isDigest = r.orderId.startsWith(DIGEST_PREFIX);
  if (isDigest !== digest) return { error: 'invalid' };
  return { id: digest ? r.orderId.slice(DIGEST_PREFIX.length) : r.orderId };
}

export function pageRoutes(app: FastifyInstance, deps: PageDeps): void {
  const pages = loadPageTemplates({ dir: deps.templatesDir, cardLabels: deps.cardLabels });
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.status(status).headers(PAGE_HEADERS).send(html);
  const sendError = (reply: FastifyReply, kind: ErrorKind) =>
    send(reply, STATUS[kind], pages.render('error', { ...pages.pageLabels.error[kind] }));

  /** One handler shape for both pages: verify, read, render; any failure is a page, never the token. */
  const page =
    (digest: boolean, body: (id: string, p: PageTemplates) => Promise<{ html: string } | ErrorKind>) =>
    async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      const v = verify(deps.links, req.params.token, digest);
      if ('error' in v) return sendError(reply, v.error);
      try {
        const out = await body(v.id, pages);
        return typeof out === 'string' ? sendError(reply, out) : send(reply, 200, out.html);
      } catch (err) {
        req.log.error({ err, page: req.routeOptions.url }, 'page failed');
        return sendError(reply, 'failed');
      }
    };

  app.get(
    '/o/:token',
    page(false, async (orderId, p) => {
      const data = await deps.store.orderPage(orderId);
      return data ? { html: p.render('order', orderPageView(p.labels, p.pageLabels, data)) } : 'noOrder';
    }),
  );
  app.get(
    '/d/:token',
    page(true, async (digestId, p) => {
      const data = await deps.store.digestPage(digestId);
      if (!data) return 'noDigest';
      const href = (orderId: string) => `/o/${deps.links.sign(orderId, ORDER_LINK_TTL_MS)}`;
      return { html: p.render('digest', digestPageView(p.labels, p.pageLabels, data, href)) };
    }),
  );
  // Anything else under /o/ and /d/ (extra segments, an over-long token): the same page, no echo.
  app.get('/o/*', async (_req, reply) => sendError(reply, 'invalid'));
  app.get('/d/*', async (_req, reply) => sendError(reply, 'invalid'));
}
