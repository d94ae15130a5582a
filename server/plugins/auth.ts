import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../../core/errors.ts';
import type { AppDeps } from '../app.ts';
import { ForbiddenError, UnauthorizedError } from '../auth/errors.ts';
import { sha256, tokenHash } from '../auth/password.ts';
import type { Viewer } from '../auth/viewer.ts';
import { secureCookies } from './security.ts';
import { PUBLIC_ASSETS } from './web.ts';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
  interface FastifyContextConfig {
    /** No login needed (health, login page and its assets, signed snooze links). */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'warden_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses settings this version does not implement rather than silently ignoring them. */
export function assertAuthConfig(deps: AppDeps): void {
  if (deps.config.auth.oidc.enabled) {
    throw new ConfigError('auth.oidc.enabled: OpenID Connect login is not implemented in this version; use auth.users with password hashes');
  }
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : null;
}

/** Resolves the viewer from an API token or the session cookie; null when neither is valid. */
function identify(deps: AppDeps, req: FastifyRequest): Viewer | null {
  const now = deps.clock.now().toISOString();
  const token = bearer(req);
  if (token !== null) {
    const hash = Buffer.from(tokenHash(token));
    const t = deps.config.auth.tokens.find((x) => x.hash.length === hash.length && timingSafeEqual(Buffer.from(x.hash), hash));
    if (!t) return null;
    deps.repos.sessions.recordTokenUse(t.name, now);
    const user = t.email ? deps.config.auth.users.find((u) => u.email === t.email) : undefined;
    return { email: user?.email ?? null, role: user?.role ?? 'manager', via: 'token', scope: t.scope, tokenName: t.name };
  }
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  const session = deps.repos.sessions.live(sha256(unsigned.value), now);
  if (!session) return null;
  // Last activity, written at most every 5 minutes (not on every request).
  if (Date.parse(now) - Date.parse(session.lastSeen) > 300_000) deps.repos.sessions.touch(session.idHash, now);
  // A user removed from the configuration loses access at once; a role change applies to live sessions.
  const user = deps.config.auth.users.find((u) => u.email === session.email);
  if (!user) return null;
  return { email: user.email, role: user.role, via: 'session', scope: 'write' };
}

/** Starts a session for `email` and sets its cookie (HttpOnly, SameSite=Lax, Secure over TLS). */
export function startSession(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, user: { email: string; role: 'manager' | 'developer' }): void {
  const id = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const ttlMs = deps.config.auth.sessionTtlHours * 3_600_000;
  deps.repos.sessions.purgeExpired(now.toISOString());
  deps.repos.sessions.create({ idHash: sha256(id), email: user.email, role: user.role, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString(), ip: req.ip });
  void reply.setCookie(SESSION_COOKIE, id, { signed: true, httpOnly: true, sameSite: 'lax', secure: secureCookies(deps), path: '/', maxAge: Math.floor(ttlMs / 1000) });
}

export function endSession(deps: AppDeps, req: FastifyRequest, reply: FastifyReply): void {
  const raw = req.cookies[SESSION_COOKIE];
  const unsigned = raw ? req.unsignCookie(raw) : null;
  if (unsigned?.valid && unsigned.value) deps.repos.sessions.remove(sha256(unsigned.value));
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

function wantsHtml(req: FastifyRequest): boolean {
  return req.method === 'GET' && !req.url.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html');
}

/**
 * Every route needs a viewer unless its config says `public`. Pages redirect to /login, the API answers 401.
 * Read-only tokens may not change anything; cookie sessions must send the CSRF token on every state-changing request.
 */
export async function registerAuth(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (req, reply) => {
    req.viewer = identify(deps, req);
    if (req.routeOptions.config?.public || PUBLIC_ASSETS.has(req.url.split('?')[0]!)) return;
    if (!req.viewer) {
      if (wantsHtml(req)) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      throw new UnauthorizedError(bearer(req) !== null ? 'invalid API token' : 'login required');
    }
    if (!SAFE.has(req.method) && req.viewer.scope === 'read') throw new ForbiddenError(`API token ${req.viewer.tokenName} is read-only`);
  });
  app.addHook('onRequest', (req, reply, done) => {
    // Tokens are not ambient credentials (a browser never sends them by itself): no CSRF check for them.
    if (SAFE.has(req.method) || req.viewer?.via === 'token') return done();
    app.csrfProtection(req, reply, done);
  });
}
