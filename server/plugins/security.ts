import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { signingKey } from '../../core/secretKey.ts';
import type { AppDeps } from '../app.ts';

/** Cookies sent only over TLS when the dashboard is served over https (auth.secureCookies: auto). */
export function secureCookies(deps: AppDeps): boolean {
  const s = deps.config.auth.secureCookies;
  return s === 'auto' ? deps.config.server.publicUrl.startsWith('https:') : s;
}

/**
 * Strict CSP: only this origin's scripts, styles and XHR; no inline script or style, no framing.
 * The web bundle (esbuild) and Chart.js need nothing more.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Signed cookies, security headers, CSRF tokens (double-submit, secret in a signed cookie) and rate limiting. */
export async function registerSecurity(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const now = deps.clock.now().toISOString();
  await app.register(cookie, { secret: signingKey(deps.config, deps.repos.meta, 'cookies', now).toString('base64url') });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: secureCookies(deps) ? { maxAge: 15_552_000 } : false,
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'warden_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: secureCookies(deps) },
  });
  // Only routes that opt in (login) are limited; keyed by client address.
  await app.register(rateLimit, { global: false });
}
