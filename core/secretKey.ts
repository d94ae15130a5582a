import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config/load.ts';
import type { MetaRepo } from '../db/repos/meta.ts';

const META_KEY = 'server.generatedSecret';

/**
 * The server's signing key: `server.secret` from the environment, or else a random key generated once and kept in the
 * database (so snooze links and sessions survive restarts). `purpose` derives an independent sub-key per use.
 */
export function signingKey(config: Config, meta: MetaRepo, purpose: string, now: string): Buffer {
  let root = config.secrets.serverSecret;
  if (!root) {
    root = meta.get(META_KEY);
    if (!root) {
      root = randomBytes(32).toString('base64url');
      meta.set(META_KEY, root, now);
    }
  }
  return createHmac('sha256', root).update(`warden:${purpose}`).digest();
}
