import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/load.ts';
import type { MetaRepo } from '../../db/repos/meta.ts';
import { signingKey } from '../../core/secretKey.ts';

/**
 * Snooze links: `<findingId>.<expiresAtSeconds>.<recipient, base64url>.<HMAC-SHA256>` with the server's 'snooze'
 * sub-key. Scoped to one finding, signed over every field, so changing any of them breaks the signature.
 */
const PURPOSE = 'idle-snooze';

export type TokenCheck =
  | { ok: true; findingId: number; actor: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function createSnoozeToken(config: Config, meta: MetaRepo, p: { findingId: number; actor: string; expiresAt: Date; now: Date }): string {
  const key = signingKey(config, meta, PURPOSE, p.now.toISOString());
  const payload = `${p.findingId}.${Math.floor(p.expiresAt.getTime() / 1000)}.${Buffer.from(p.actor, 'utf8').toString('base64url')}`;
  return `${payload}.${sign(key, payload)}`;
}

export function verifySnoozeToken(config: Config, meta: MetaRepo, token: string, now: Date): TokenCheck {
  const m = /^(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, id, exp, actor, sig] = m as unknown as [string, string, string, string, string];
  const expected = Buffer.from(sign(signingKey(config, meta, PURPOSE, now.toISOString()), `${id}.${exp}.${actor}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, findingId: Number(id), actor: Buffer.from(actor, 'base64url').toString('utf8'), expiresAt };
}
