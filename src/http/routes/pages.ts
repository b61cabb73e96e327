// GET /o/:token (one order: DESIGN.md §3.5) and GET /d/:token (the alerts folded into one digest card):
// HTML for people who tap a link in a chat card. The signed, expiring token is the only credential; it is
// never written back into a page or a log line. Card links travel through group chats and get forwarded,
// so their pages mask the buyer as the cards do; POST /api/v1/orders/:channel/:externalId/link (bearer
// token) issues a short-lived link that reveals the full name, phone and address.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { LinkSigner } from '../../lib/signed-link.js';
import type { PageStore } from '../../store/page-read.js';
import { loadPageTemplates, type ErrorKind, type PageTemplates } from '../pages/page-templates.js';
import { digestPageView, ORDER_LINK_TTL_MS, orderPageView } from '../pages/views.js';

export interface PageDeps {
  links: Pick<LinkSigner, 'sign' | 'verify'>;
  store: PageStore;
  /** Base of the links POST …/link returns (CONTRACT.md §2 PUBLIC_URL); the route is absent without it. */
  publicUrl?: string;
  /** The signer's clock, for the expiry POST …/link reports. */
  clock?: Clock;
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
/** An order link signed over `reveal:<orderId>` shows the buyer unmasked. */
const REVEAL_PREFIX = 'reveal:';
/** Revealing links live an hour by default and a day at most. */
const REVEAL_TTL_DEFAULT_MINUTES = 60;
const REVEAL_TTL_MAX_MINUTES = 24 * 60;

const LinkBody = z
  .object({
    reveal: z.boolean().default(false),
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
  })
  .strict()
  .refine((b) => !b.reveal || b.ttlMinutes === undefined || b.ttlMinutes <= REVEAL_TTL_MAX_MINUTES, {
    message: `a revealing link lives at most ${REVEAL_TTL_MAX_MINUTES} minutes`,
    path: ['ttlMinutes'],
  });

/** Router `maxParamLength` an app serving these pages needs: digest tokens pass fastify's default 100. */
export const PAGE_MAX_PARAM_LENGTH = 2048;

const STATUS: Record<ErrorKind, number> = {
  invalid: 404,
  expired: 410,
  noOrder: 404,
  noDigest: 404,
  failed: 500,
};

type Verified = { id: string; reveal: boolean } | { error: ErrorKind };

/** The id a token stands for, if it is ours, unexpired and of the right sort (order or digest). */
function verify(links: PageDeps['links'], token: string, digest: boolean): Verified {
  const r = links.verify(token);
  if ('error' in r) return { error: r.error === 'expired' ? 'expired' : 'invalid' };
  const isDigest = r.orderId.startsWith(DIGEST_PREFIX);
  if (isDigest !== digest) return { error: 'invalid' };
  if (digest) return { id: r.orderId.slice(DIGEST_PREFIX.length), reveal: false };
  const reveal = r.orderId.startsWith(REVEAL_PREFIX);
  return { id: reveal ? r.orderId.slice(REVEAL_PREFIX.length) : r.orderId, reveal };
}

export function pageRoutes(app: FastifyInstance, deps: PageDeps): void {
  const pages = loadPageTemplates({ dir: deps.templatesDir, cardLabels: deps.cardLabels });
  const send = (reply: FastifyReply, status: number, html: string) =>
    reply.status(status).headers(PAGE_HEADERS).send(html);
  const sendError = (reply: FastifyReply, kind: ErrorKind) =>
    send(reply, STATUS[kind], pages.render('error', { ...pages.pageLabels.error[kind] }));

  /** One handler shape for both pages: verify, read, render; any failure is a page, never the token. */
  const page =
    (
      digest: boolean,
      body: (id: string, p: PageTemplates, reveal: boolean) => Promise<{ html: string } | ErrorKind>,
    ) =>
    async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      const v = verify(deps.links, req.params.token, digest);
      if ('error' in v) return sendError(reply, v.error);
      try {
        const out = await body(v.id, pages, v.reveal);
        return typeof out === 'string' ? sendError(reply, out) : send(reply, 200, out.html);
      } catch (err) {
        req.log.error({ err, page: req.routeOptions.url }, 'page failed');
        return sendError(reply, 'failed');
      }
    };

  app.get(
    '/o/:token',
    page(false, async (orderId, p, reveal) => {
      const data = await deps.store.orderPage(orderId);
      return data
        ? { html: p.render('order', orderPageView(p.labels, p.pageLabels, data, reveal)) }
        : 'noOrder';
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
  if (deps.publicUrl !== undefined) {
    const base = deps.publicUrl.replace(/\/+$/, '');
    app.post<{ Params: { channel: string; externalId: string } }>(
      '/api/v1/orders/:channel/:externalId/link',
      async (req) => {
        const body = LinkBody.safeParse(req.body ?? {});
        if (!body.success) {
          const issue = body.error.issues[0];
          throw new BadRequestError(
            'bad_request',
            `链接参数不对 / bad link request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
          );
        }
        const { channel, externalId } = req.params;
        const orderId = await deps.store.orderIdOf(channel, externalId);
        if (orderId === null)
          throw new NotFoundError(`订单不存在：${channel}/${externalId} / order not found`);
        const { reveal } = body.data;
        const minutes =
          body.data.ttlMinutes ?? (reveal ? REVEAL_TTL_DEFAULT_MINUTES : ORDER_LINK_TTL_MS / 60_000);
        const token = deps.links.sign(reveal ? `${REVEAL_PREFIX}${orderId}` : orderId, minutes * 60_000);
        // Who asked for an unmasked link is worth a log line; the link itself is a credential and is not.
        if (reveal) req.log.info({ channel, externalId, minutes }, 'revealing order link issued');
        return {
          url: `${base}/o/${token}`,
          reveal,
          expiresAt: new Date((deps.clock?.now() ?? new Date()).getTime() + minutes * 60_000).toISOString(),
        };
      },
    );
  }
  // Anything else under /o/ and /d/ (extra segments, an over-long token): the same page, no echo.
  app.get('/o/*', async (_req, reply) => sendError(reply, 'invalid'));
  app.get('/d/*', async (_req, reply) => sendError(reply, 'invalid'));
}
