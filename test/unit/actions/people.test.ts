import { describe, expect, it } from 'vitest';
import { validatePerson } from '../../../src/actions/index.js';

describe('validatePerson', () => {
  it('does accept a person as the config file writes one', () => {
    const v = validatePerson({
      id: 'zhangsan',
      name: ' 张三 ',
      roles: ['supervisor', 'supervisor'],
      wecom: 'zs',
    });
    expect(v).toEqual({
      ok: true,
      person: {
        id: 'zhangsan',
        name: '张三',
        roles: ['supervisor'],
        wecom: 'zs',
        dingtalk: null,
        mobile: null,
      },
    });
  });

  it.each([
    [null, ['']],
    [{ name: 'x', roles: ['cs'] }, ['/id']],
    [{ id: 'a b', name: 'x', roles: ['cs'] }, ['/id']],
    [{ id: 'a', name: '', roles: ['cs'] }, ['/name']],
    [{ id: 'a', name: 'x', roles: [] }, ['/roles']],
    [{ id: 'a', name: 'x', roles: ['cs', 'root'] }, ['/roles/1']],
    [{ id: 'a', name: 'x', roles: ['cs'], wecom: 5 }, ['/wecom']],
  ])('does report each bad field of %j', (body, paths) => {
    const v = validatePerson(body);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues.map((i) => i.path)).toEqual(paths);
  });
});
