// POST /api/v1/people bodies: a person as the config file writes one, checked field by field.
import { ROLES, type Person, type Role } from '../config/index.js';

export interface PersonIssue {
  path: string;
  message: string;
}

const ID = /^[A-Za-z0-9_.@-]{1,64}$/;
const optional = (v: unknown) => v === undefined || v === null || v === '';

function optionalText(body: Record<string, unknown>, key: string, issues: PersonIssue[]): string | null {
  const v = body[key];
  if (optional(v)) return null;
  if (typeof v === 'string' && v.trim().length > 0 && v.length <= 64) return v.trim();
  issues.push({
    path: `/${key}`,
    message: `${key} 必须是 1-64 个字符的字符串 / ${key} must be a string of 1-64 characters`,
  });
  return null;
}

/** The person, or every problem with the body (per field, as JSON pointers). */
export function validatePerson(
  body: unknown,
): { ok: true; person: Person } | { ok: false; issues: PersonIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      issues: [{ path: '', message: '请求体必须是 JSON 对象 / body must be a JSON object' }],
    };
  }
  const b = body as Record<string, unknown>;
  const issues: PersonIssue[] = [];
  if (typeof b.id !== 'string' || !ID.test(b.id)) {
    issues.push({
      path: '/id',
      message: 'id 必须是 1-64 位字母、数字或 _.@- / id must be 1-64 of A-Z a-z 0-9 _ . @ -',
    });
  }
  if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 64) {
    issues.push({ path: '/name', message: 'name 必须是 1-64 个字符 / name must be 1-64 characters' });
  }
  const roles = Array.isArray(b.roles) ? b.roles : null;
  if (roles === null || roles.length === 0) {
    issues.push({
      path: '/roles',
      message: `roles 必须是非空数组：${ROLES.join(', ')} / roles must be a non-empty array`,
    });
  }
  roles?.forEach((r, i) => {
    if (!(ROLES as readonly unknown[]).includes(r)) {
      issues.push({
        path: `/roles/${i}`,
        message: `未知角色 ${JSON.stringify(r)}，可选：${ROLES.join(', ')} / unknown role`,
      });
    }
  });
  const wecom = optionalText(b, 'wecom', issues);
  const dingtalk = optionalText(b, 'dingtalk', issues);
  const mobile = optionalText(b, 'mobile', issues);
  if (issues.length > 0) return { ok: false, issues };
  const person: Person = {
    id: b.id as string,
    name: (b.name as string).trim(),
    roles: [...new Set(roles as Role[])],
    wecom,
    dingtalk,
    mobile,
  };
  return { ok: true, person };
}
