import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { UnauthorizedError } from '../auth/errors.ts';
import { dummyHash, verifyPassword } from '../auth/password.ts';
import { endSession, startSession } from '../plugins/auth.ts';

const who = {
  type: 'object',
  properties: { email: { type: ['string', 'null'] }, role: { type: 'string', enum: ['manager', 'developer'] }, via: { type: 'string' }, csrfToken: { type: 'string' } },
} as const;

/** Login, logout, the current viewer and CSRF tokens. */
export async function authRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  const limit = deps.config.auth.loginRateLimit;

  app.get('/api/csrf', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'A CSRF token for the login form (sets the CSRF secret cookie)', response: { 200: { type: 'object', properties: { csrfToken: { type: 'string' } } } } },
  }, async (_req, reply) => ({ csrfToken: reply.generateCsrf() }));

  app.post<{ Body: { email: string; password: string } }>('/api/login', {
    // Per client address and email, counted after the body is parsed: guessing one user's password is slowed without
    // locking everyone behind a shared proxy address out.
    config: {
      public: true,
      rateLimit: {
        max: limit.max, timeWindow: limit.windowSeconds * 1000, hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`,
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Log in with email and password; sets the session cookie. Rate limited per client address.',
      body: { type: 'object', required: ['email', 'password'], additionalProperties: false, properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } } },
      response: { 200: who },
    },
  }, async (req, reply) => {
    const email = req.body.email.trim().toLowerCase();
    const user = deps.config.auth.users.find((u) => u.email === email);
    const ok = await verifyPassword(req.body.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      req.log.warn({ email }, 'failed login');
      throw new UnauthorizedError('wrong email or password');
    }
    startSession(deps, req, reply, user);
    req.log.info({ email, role: user.role }, 'login');
    return { email: user.email, role: user.role, via: 'session', csrfToken: reply.generateCsrf() };
  });

  app.post('/api/logout', {
    schema: { tags: ['auth'], summary: 'End the session', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
  }, async (req, reply) => {
    endSession(deps, req, reply);
    return { ok: true };
  });

  app.get('/api/session', {
    schema: { tags: ['auth'], summary: 'Who is logged in, with a CSRF token for state-changing requests', response: { 200: who } },
  }, async (req, reply) => ({ email: req.viewer!.email, role: req.viewer!.role, via: req.viewer!.via, csrfToken: reply.generateCsrf() }));
}
