// `warden hash-password` as a real process: the password comes on stdin, never from argv.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenHash, verifyPassword } from '../../../server/auth/password.ts';

const BIN = fileURLToPath(new URL('../../../bin/warden.js', import.meta.url));

function run(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('warden hash-password', () => {
  it('hashes the password read from stdin (final newline dropped) and prints only the hash', async () => {
    const r = await run(['hash-password'], 'a long passphrase\n');
    expect(r.code).toBe(0);
    const hash = r.stdout.trim();
    expect(r.stdout).toBe(`${hash}\n`);
    expect(await verifyPassword('a long passphrase', hash)).toBe(true);
    expect(await verifyPassword('a long passphrase\n', hash)).toBe(false);
  });

  it('refuses a password given as an argument, and a short one', async () => {
    const argv = await run(['hash-password', 'secret-in-argv'], '');
    expect(argv.code).toBe(2);
    expect(argv.stdout).toBe('');
    const short = await run(['hash-password'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 8 characters');
  });

  it('--token prints a new token and the hash for auth.tokens', async () => {
    const r = await run(['hash-password', '--token'], '');
    expect(r.code).toBe(0);
    const [, token] = /token: (\S+)/.exec(r.stdout)!;
    const [, hash] = /hash: +(\S+)/.exec(r.stdout)!;
    expect(tokenHash(token!)).toBe(hash);
  });
});
