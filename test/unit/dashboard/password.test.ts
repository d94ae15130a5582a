import { describe, expect, it } from 'vitest';
import { PASSWORD_HASH, TOKEN_HASH } from '../../../config/sections/auth.ts';
import { hashPassword, newApiToken, tokenHash, verifyPassword } from '../../../server/auth/password.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(PASSWORD_HASH);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats malformed or absurd hashes as a failed check, not an error', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$1$1$x$y', 'bcrypt$2$8$1$abcdefghijklmnop$abcdefghijklmnopabcdefghijklmnop', 'scrypt$99999999$8$1$abcdefghijklmnop$abcdefghijklmnopabcdefghijklmnop']) {
      expect(await verifyPassword('whatever', bad)).toBe(false);
    }
  });

  it('refuses passwords shorter than 8 characters', async () => {
    await expect(hashPassword('short')).rejects.toThrow('at least 8');
  });

  it('makes API tokens whose SHA-256 is what the config stores', () => {
    const t = newApiToken();
    expect(t.token).toMatch(/^wdn_[A-Za-z0-9_-]{43}$/);
    expect(t.hash).toMatch(TOKEN_HASH);
    expect(tokenHash(t.token)).toBe(t.hash);
    expect(newApiToken().token).not.toBe(t.token);
  });
});
