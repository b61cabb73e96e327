// The audit trail (table `actions`): one row per chat event, reserved under its idempotency key at the
// start of the event's transaction (a concurrent redelivery waits on the unique key, then finds the row)
// and completed with the outcome and the reply that answers any later redelivery.
import type { Pool, PoolClient } from './pool.js';

export interface ActionActor {
  platform: string;
  platformUserId: string;
  personId: string | null;
  name: string | null;
}

export interface ActionOutcome {
  action: string;
  args: Record<string, unknown>;
  /** ok | denied | conflict | error | info (a confirmation question, or text that is no command). */
  result: string;
  message: string;
  reply: unknown;
  order: { id: string; channel: string; externalId: string } | null;
  alertId: string | null;
}

/** True when this transaction now owns the key; false when the event was handled before. */
export async function reserveAction(
  c: PoolClient,
  key: string,
  actor: ActionActor,
  chat: unknown,
  now: Date,
): Promise<boolean> {
  const res = await c.query(
    `INSERT INTO actions (idempotency_key, at, platform, platform_user_id, person_id, actor_name, action,
                          result, chat)
     VALUES ($1, $2, $3, $4, $5, $6, 'unknown', 'pending', $7)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [key, now, actor.platform, actor.platformUserId, actor.personId, actor.name, JSON.stringify(chat)],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function completeAction(
  c: PoolClient,
  key: string,
  actor: ActionActor,
  o: ActionOutcome,
): Promise<void> {
  await c.query(
    `UPDATE actions SET person_id = $2, actor_name = $3, action = $4, args = $5, result = $6, message = $7,
       reply = $8, order_id = $9, order_channel = $10, order_external_id = $11, alert_id = $12
     WHERE idempotency_key = $1`,
    [
      key,
      actor.personId,
      actor.name,
      o.action,
      JSON.stringify(o.args),
      o.result,
      o.message,
      JSON.stringify(o.reply),
      o.order?.id ?? null,
      o.order?.channel ?? null,
      o.order?.externalId ?? null,
      o.alertId,
    ],
  );
}

/** The stored reply of an event handled before (null: never seen, or still in flight elsewhere). */
export async function findActionReply(db: Pool | PoolClient, key: string): Promise<unknown> {
  const { rows } = await db.query<{ reply: unknown }>(
    `SELECT reply FROM actions WHERE idempotency_key = $1 AND result <> 'pending'`,
    [key],
  );
  return rows[0]?.reply ?? null;
}
