// When a count fails: what the store and the platforms know about the orders it names, so a failing seed
// can be understood from the test output alone.
import type pg from 'pg';
import type { Platforms } from './platforms.js';

export async function explain(pool: pg.Pool, p: Platforms, problems: string[], max = 4): Promise<string> {
  const ids = [...new Set(problems.flatMap((line) => line.match(/\b[A-Z]\d+-\d{4}\b/g) ?? []))].slice(0, max);
  const out: string[] = [];
  for (const id of ids) {
    try {
      const alerts = await pool.query(
        `SELECT a.id, a.rule, a.state, a.revision, a.notified_revision, a.claimed_by FROM alerts a
         JOIN orders o ON o.id = a.order_id WHERE o.external_id = $1`,
        [id],
      );
      out.push(`--- ${id}: ${JSON.stringify(alerts.rows)}`);
      for (const a of alerts.rows as { id: string }[]) {
        const d = await pool.query(
          `SELECT target, revision, status, attempts, last_error, platform_ref, created_at, updated_at
           FROM deliveries WHERE alert_id = $1 ORDER BY created_at`,
          [a.id],
        );
        out.push(...d.rows.map((r) => `  delivery ${JSON.stringify(r)}`));
        const c = await pool.query(
          `SELECT target, seq, idem_key, ref, response_codes FROM alert_cards WHERE alert_id = $1`,
          [a.id],
        );
        out.push(...c.rows.map((r) => `  card ${JSON.stringify(r)}`));
        const acts = await pool.query(
          `SELECT idempotency_key, action, result, message, at FROM actions WHERE alert_id = $1 ORDER BY at`,
          [a.id],
        );
        out.push(...acts.rows.map((r) => `  action ${JSON.stringify(r)}`));
        const hex = a.id.replace(/-/g, '');
        for (const r of p.dingtalk.requests().filter((x) => JSON.stringify(x.body ?? '').includes(hex)))
          out.push(
            `  dingtalk ${r.method} ${r.path} → ${r.status} ${JSON.stringify(r.response).slice(0, 160)}`,
          );
        for (const r of p.wecom.requests().filter((x) => JSON.stringify(x.body ?? '').includes(hex)))
          out.push(`  wecom ${r.method} ${r.path} → ${r.status} ${JSON.stringify(r.response).slice(0, 160)}`);
        for (const card of p.dingtalk.cards().filter((x) => x.outTrackId.includes(hex)))
          out.push(
            `  dingtalk card ${card.outTrackId} status=${card.cardParamMap.status} history=${card.history.map((h) => `${h.via}:${h.cardParamMap.status}`).join(' | ')} clicks=${JSON.stringify(card.clicks)}`,
          );
        for (const card of p.wecom.cards().filter((x) => x.taskId.includes(hex)))
          out.push(
            `  wecom card ${card.taskId} history=${card.history.map((h) => `${h.kind}:${h.replaceName ?? ''}`).join(' | ')}`,
          );
      }
    } catch (err) {
      out.push(`--- ${id}: ${(err as Error).message}`);
    }
  }
  return out.join('\n');
}
