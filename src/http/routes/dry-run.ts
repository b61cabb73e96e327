// POST /api/v1/rules/dry-run — body {"rules": {...}} in the config file's shape; writes nothing.
import type { FastifyInstance } from 'fastify';
import { rulesSchema } from '../../config/index.js';
import type { RuleSettings } from '../../rules/types.js';
import { BadRequestError, type Issue } from '../../lib/errors.js';

export function dryRunRoutes(
  app: FastifyInstance,
  deps: { knownRules: readonly string[]; run(proposal: Record<string, RuleSettings>): Promise<unknown> },
): void {
  app.post('/api/v1/rules/dry-run', async (req, reply) => {
    const body = req.body as { rules?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || typeof body.rules !== 'object' || body.rules === null) {
      throw new BadRequestError(
        'invalid_envelope',
        '请求体必须是 {"rules": {...}} / body must be {"rules": {...}}',
      );
    }
    const parsed = rulesSchema.safeParse(body.rules);
    const issues: Issue[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({
          path: `/rules/${i.path.map(String).join('/')}`,
          message: i.message,
        }));
    for (const id of Object.keys(body.rules)) {
      if (!deps.knownRules.includes(id)) {
        issues.push({
          path: `/rules/${id}`,
          message: `没有这条规则，可选: ${deps.knownRules.join(', ')} / unknown rule`,
        });
      }
    }
    if (issues.length || !parsed.success) {
      return reply
        .status(400)
        .send({ error: 'invalid_rules', message: '规则设置有误 / invalid rules', errors: issues });
    }
    return deps.run(parsed.data as Record<string, RuleSettings>);
  });
}
