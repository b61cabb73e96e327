// People who may act from the chats and their platform accounts (DESIGN.md §4 people, identities): the
// config's `people` synced at start-up, plus people an admin adds through the API.
import type { Person, Role } from '../config/index.js';
import type { Pool, PoolClient } from './pool.js';
import { withTransaction } from './tx.js';

export type PersonSource = 'config' | 'api';

export interface PersonRecord extends Person {
  source: PersonSource;
}

const SELECT = `SELECT p.id, p.name, p.roles, p.mobile, p.source,
    (SELECT i.platform_user_id FROM identities i WHERE i.person_id = p.id AND i.platform = 'wecom' LIMIT 1) AS wecom,
    (SELECT i.platform_user_id FROM identities i WHERE i.person_id = p.id AND i.platform = 'dingtalk' LIMIT 1) AS dingtalk
  FROM people p`;

function toRecord(r: Record<string, unknown>): PersonRecord {
  return {
    id: r.id as string,
    name: r.name as string,
    roles: r.roles as Role[],
    mobile: (r.mobile as string | null) ?? null,
    wecom: (r.wecom as string | null) ?? null,
    dingtalk: (r.dingtalk as string | null) ?? null,
    source: r.source as PersonSource,
  };
}

async function upsertOne(c: PoolClient, p: Person, source: PersonSource, now: Date): Promise<void> {
  await c.query(
    `INSERT INTO people (id, name, roles, mobile, source, created_at, updated_at)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $6)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, mobile = EXCLUDED.mobile,
       source = EXCLUDED.source, updated_at = EXCLUDED.updated_at`,
    [p.id, p.name, p.roles, p.mobile, source, now],
  );
  await c.query('DELETE FROM identities WHERE person_id = $1', [p.id]);
  const accounts = [
    ['wecom', p.wecom],
    ['dingtalk', p.dingtalk],
  ].filter((a): a is [string, string] => typeof a[1] === 'string' && a[1] !== '');
  for (const [platform, userId] of accounts) {
    // An account names one person: the latest assignment wins.
    await c.query(
      `INSERT INTO identities (platform, platform_user_id, person_id) VALUES ($1, $2, $3)
       ON CONFLICT (platform, platform_user_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
      [platform, userId, p.id],
    );
  }
}

/** Upserts the config's people (source `config`); people added through the API are left alone. */
export async function syncPeople(pool: Pool, people: readonly Person[], now: Date): Promise<void> {
  await withTransaction(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('ow-people'))`);
    for (const p of people) await upsertOne(c, p, 'config', now);
  });
}

export async function upsertPerson(pool: Pool, p: Person, now: Date): Promise<PersonRecord> {
  return withTransaction(pool, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('ow-people'))`);
    await upsertOne(c, p, 'api', now);
    const { rows } = await c.query(`${SELECT} WHERE p.id = $1`, [p.id]);
    return toRecord(rows[0]!);
  });
}

export async function listPeople(db: Pool | PoolClient): Promise<PersonRecord[]> {
  const { rows } = await db.query(`${SELECT} ORDER BY p.id`);
  return rows.map(toRecord);
}

export async function findPersonByAccount(
  db: Pool | PoolClient,
  platform: string,
  platformUserId: string,
): Promise<PersonRecord | null> {
  const { rows } = await db.query(
    `${SELECT} WHERE p.id = (SELECT person_id FROM identities WHERE platform = $1 AND platform_user_id = $2)`,
    [platform, platformUserId],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}
