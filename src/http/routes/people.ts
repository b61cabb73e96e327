// GET /api/v1/people and POST /api/v1/people (upsert by id): who may act from the chats, besides the
// config file's people. Bearer-protected like every /api/ route.
import type { FastifyInstance } from 'fastify';
import { validatePerson } from '../../actions/people.js';
import type { Clock } from '../../lib/clock.js';
import type { InteractionStore } from '../../store/interaction-store.js';

export function peopleRoutes(
  app: FastifyInstance,
  deps: { people: Pick<InteractionStore, 'listPeople' | 'upsertPerson'>; clock: Clock },
): void {
  app.get('/api/v1/people', async () => ({ people: await deps.people.listPeople() }));
  app.post('/api/v1/people', async (req, reply) => {
    const v = validatePerson(req.body);
    if (!v.ok) {
      return reply.status(400).send({
        error: 'invalid_person',
        message: `人员信息有 ${v.issues.length} 处错误 / the person has ${v.issues.length} invalid field(s)`,
        errors: v.issues,
      });
    }
    return { person: await deps.people.upsertPerson(v.person, deps.clock.now()) };
  });
}
