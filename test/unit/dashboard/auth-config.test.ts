import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load.ts';
import { ConfigError } from '../../../core/errors.ts';

const HASH = `scrypt$32768$8$1$${'a'.repeat(22)}$${'b'.repeat(43)}`;
const base = { organization: { sandboxOus: ['r-abcd'] } };
const parse = (auth: unknown) => parseConfig({ ...base, auth }, {});
const message = (auth: unknown) => {
  try {
    parse(auth);
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
};

describe('auth configuration', () => {
  it('has safe defaults: no users, 12 h sessions, read-only tokens, OIDC off', () => {
    const c = parseConfig(base, {});
    expect(c.auth).toMatchObject({ users: [], sessionTtlHours: 12, secureCookies: 'auto', tokens: [], loginRateLimit: { max: 10, windowSeconds: 300 }, oidc: { enabled: false } });
    const t = parse({ tokens: [{ name: 'ci', hash: `sha256:${'0'.repeat(64)}` }] });
    expect(t.auth.tokens[0]!.scope).toBe('read');
  });

  it('lower-cases emails and keeps roles', () => {
    const c = parse({ users: [{ email: 'Ana.Silva@Example.com', role: 'developer', passwordHash: HASH }] });
    expect(c.auth.users[0]).toMatchObject({ email: 'ana.silva@example.com', role: 'developer', accounts: [] });
  });

  it('names the offending key', () => {
    expect(message({ users: [{ email: 'a@b.co', role: 'manager', passwordHash: 'hunter2' }] })).toContain('auth.users.0.passwordHash');
    expect(message({ users: [{ email: 'a@b.co', role: 'admin', passwordHash: HASH }] })).toContain('auth.users.0.role');
    expect(message({ users: [{ email: 'a@b.co', role: 'manager', passwordHash: HASH }, { email: 'A@b.co', role: 'developer', passwordHash: HASH }] })).toContain('duplicate user a@b.co');
    expect(message({ tokens: [{ name: 'ci', hash: 'plaintext-token' }] })).toContain('auth.tokens.0.hash');
    expect(message({ tokens: [{ name: 'ci', hash: `sha256:${'0'.repeat(64)}`, email: 'ghost@b.co' }] })).toContain('no user ghost@b.co');
    expect(message({ sessionTtlHour: 3 })).toContain('did you mean "sessionTtlHours"');
  });
});
