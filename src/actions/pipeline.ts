// One chat event inside its transaction (Grafana OnCall's order, DESIGN.md §6): resolve the person → parse
// → authorise → resolve the target → ask "确认？" for typed commands that need it → apply.
import { mayRun } from './commands/index.js';
import { approve, reject } from './apply-refund.js';
import { claim, resolve, snooze } from './apply-alert.js';
import { hold, legit, merge, release } from './apply-order.js';
import {
  effect,
  orderLabel,
  rolesOf,
  type Actor,
  type ApplyContext,
  type Effect,
  type Target,
} from './outcome.js';
import type { Replies } from './replies.js';
import { show } from './show.js';
import { resolveTarget } from './target.js';
import type { ActionId, CommandParser, ParsedCommand, PlatformEvent } from './types.js';
import type { ActionTx } from '../store/interaction-store.js';

export interface PipelineDeps {
  parser: CommandParser;
  replies: Replies;
  refunds: { secondApproverFromFen: number };
  outbound: boolean;
  confirmTtlMs: number;
  snoozeDefaultMs: number;
}

/** What the audit row records besides the outcome. */
export interface Handled extends Effect {
  action: string;
  args: Record<string, unknown>;
  target: Target;
}

const APPLY: Partial<Record<ActionId, (ctx: ApplyContext) => Promise<Effect>>> = {
  claim, resolve, snooze, hold, release, approve, reject, merge, legit,
}; // prettier-ignore

const NO_TARGET: Target = { order: null, alert: null };

export function argsOf(cmd: ParsedCommand): Record<string, unknown> {
  const t = cmd.target;
  const target = !t
    ? null
    : t.kind === 'order'
      ? t.channel
        ? `${t.channel}:${t.externalId}`
        : t.externalId
      : `#${t.id}`;
  const args: Record<string, unknown> = {};
  if (target) args.target = target;
  if (cmd.durationMs !== null) args.durationMs = cmd.durationMs;
  if (cmd.reason !== null) args.reason = cmd.reason;
  return args;
}

export async function runEvent(
  tx: ActionTx,
  deps: PipelineDeps,
  ev: PlatformEvent,
  actor: Actor,
  now: Date,
): Promise<Handled> {
  const { parser } = deps;
  if (ev.kind === 'text' && parser.isConfirmation(ev.text ?? '')) return confirmed(tx, deps, actor, now);
  const parsed = ev.kind === 'button' ? parser.decodeButton(ev.buttonKey ?? '') : parser.parse(ev.text ?? '');
  if (!parsed.ok) {
    // Text that names no command is kept for redeliveries but is no action; a known command with a bad or
    // missing argument is audited as an error.
    const known = parsed.error === 'missing_arg' || parsed.error === 'bad_arg';
    const text = parser.explain(parsed);
    return {
      ...effect(known ? 'error' : 'info', text),
      action: known ? parsed.command : 'unknown',
      args: {},
      target: NO_TARGET,
    };
  }
  let cmd = parsed.command;
  if (ev.kind === 'button' && cmd.command === 'snooze' && cmd.durationMs === null)
    cmd = { ...cmd, durationMs: deps.snoozeDefaultMs };
  return runCommand(tx, deps, actor, cmd, { typed: ev.kind === 'text', now });
}

async function confirmed(tx: ActionTx, deps: PipelineDeps, actor: Actor, now: Date): Promise<Handled> {
  const waiting = actor.person ? await tx.takeConfirmation(actor.person.id, actor.platform, now) : null;
  if (!waiting)
    return {
      ...effect('info', deps.replies.render('confirm-none', {})),
      action: 'unknown',
      args: {},
      target: NO_TARGET,
    };
  return runCommand(tx, deps, actor, waiting as ParsedCommand, { typed: false, now });
}

async function runCommand(
  tx: ActionTx,
  deps: PipelineDeps,
  actor: Actor,
  cmd: ParsedCommand,
  mode: { typed: boolean; now: Date },
): Promise<Handled> {
  const { replies, parser } = deps;
  const base = { action: cmd.command, args: argsOf(cmd) };
  const spec = parser.specs.find((s) => s.id === cmd.command);
  if (cmd.command === 'help')
    return { ...base, target: NO_TARGET, ...effect('info', parser.help(rolesOf(actor)), { audit: 'ok' }) };
  // Resolved before authorising so a denial is audited against the order it was aimed at.
  const resolved = await resolveTarget(tx, cmd, replies);
  if (!spec || !mayRun(spec, rolesOf(actor))) {
    const aimed = resolved.ok ? resolved.target : NO_TARGET;
    return { ...base, target: aimed, ...denial(replies, actor, cmd.command, spec?.roles) };
  }
  if (!resolved.ok) return { ...base, target: NO_TARGET, ...resolved.effect };
  const target = resolved.target as ApplyContext['target'];
  if (cmd.command === 'show') return { ...base, target, ...(await show(tx, target.order, replies)) };
  const person = actor.person!;
  if (mode.typed && spec.confirm)
    return { ...base, target, ...(await askFirst(tx, deps, actor, cmd, target, mode.now)) };
  const ctx: ApplyContext = {
    tx,
    actor: { ...actor, person },
    cmd,
    target,
    now: mode.now,
    replies,
    refunds: deps.refunds,
    outbound: deps.outbound,
  };
  return { ...base, target, ...(await APPLY[cmd.command]!(ctx)) };
}

/** A typed command that needs "确认": kept for the person (one per person and platform) until it expires. */
async function askFirst(
  tx: ActionTx,
  deps: PipelineDeps,
  actor: Actor,
  cmd: ParsedCommand,
  target: ApplyContext['target'],
  now: Date,
): Promise<Effect> {
  const expiresAt = new Date(now.getTime() + deps.confirmTtlMs);
  await tx.putConfirmation(
    { personId: actor.person!.id, platform: actor.platform, command: cmd, expiresAt },
    now,
  );
  const data = {
    action: deps.replies.words.action[cmd.command],
    target: orderLabel(target.order),
    minutes: Math.round(deps.confirmTtlMs / 60_000),
  };
  return effect('info', deps.replies.render('confirm-ask', data));
}

function denial(replies: Replies, actor: Actor, command: ActionId, roles: unknown): Effect {
  const action = replies.words.action[command] ?? command;
  if (!actor.person) {
    const platform = replies.words.platform[actor.platform];
    return effect(
      'denied',
      replies.render('denied-unknown', { platform, userId: actor.platformUserId, action }),
    );
  }
  const names = Array.isArray(roles) ? roles.map((r: string) => replies.words.role[r] ?? r).join('/') : '';
  return effect('denied', replies.render('denied-role', { action, roles: names }));
}
