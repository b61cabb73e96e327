// The commands as data (DESIGN.md §6, hubot's CommandBus): arguments, roles and confirmation here, the words
// people type from commands.yaml. The parser, `帮助` and authorisation all read the same specs.
import { ROLES, type Role } from '../../config/index.js';
import { ACTION_IDS, type ActionId, type ArgSpec, type CommandSpec } from '../types.js';
import type { CommandWords } from './words.js';

const TARGET: ArgSpec = { name: 'target', type: 'target', required: true };
const DURATION: ArgSpec = { name: 'duration', type: 'duration', required: true };
const REASON: ArgSpec = { name: 'reason', type: 'text', required: true };

// claim / resolve / snooze: anyone the config knows, whatever their job. CommandSpec has no "any configured
// person" value, so it is every role.
const EVERY_ROLE: readonly Role[] = ROLES;

type CommandRules = Pick<CommandSpec, 'args' | 'roles' | 'confirm'>;

/**
 * Typed commands that move goods or money, or can't be undone easily, ask "确认？" first (CONTRACT.md §4).
 * hold is the safe direction (nothing ships) and is not confirmed; release is.
 */
export const COMMAND_RULES: Record<ActionId, CommandRules> = {
  claim: { args: [TARGET], roles: EVERY_ROLE, confirm: false },
  resolve: { args: [TARGET], roles: EVERY_ROLE, confirm: false },
  snooze: { args: [TARGET, DURATION], roles: EVERY_ROLE, confirm: false },
  hold: { args: [TARGET], roles: ['cs', 'warehouse', 'supervisor', 'admin'], confirm: false },
  release: { args: [TARGET], roles: ['warehouse', 'supervisor', 'admin'], confirm: true },
  approve: { args: [TARGET], roles: ['supervisor', 'finance', 'admin'], confirm: true },
  reject: { args: [TARGET, REASON], roles: ['supervisor', 'finance', 'admin'], confirm: true },
  merge: { args: [TARGET], roles: ['cs', 'supervisor', 'admin'], confirm: true },
  legit: { args: [TARGET], roles: ['cs', 'supervisor', 'admin'], confirm: false },
  show: { args: [TARGET], roles: 'anyone', confirm: false },
  help: { args: [], roles: 'anyone', confirm: false },
};

/** One spec per action, in ACTION_IDS order (the order help lists them in). */
export function buildSpecs(words: CommandWords): CommandSpec[] {
  return ACTION_IDS.map((id) => ({
    id,
    aliases: { zh: [...words.commands[id].zh], en: [...words.commands[id].en] },
    ...COMMAND_RULES[id],
  }));
}

/** Whether someone with these roles (null: a person the config does not know) may run the command. */
export function mayRun(spec: CommandSpec, roles: readonly Role[] | null): boolean {
  if (spec.roles === 'anyone') return true;
  const allowed = spec.roles;
  return roles !== null && roles.some((role) => allowed.includes(role));
}
