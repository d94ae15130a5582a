import { z } from 'zod';
import { envRef } from '../secret.ts';

/** `scrypt$N$r$p$salt(base64url)$hash(base64url)` as printed by `warden hash-password`. */
export const PASSWORD_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;
/** `sha256:<64 hex>` of an API token, as printed by `warden hash-password --token`. */
export const TOKEN_HASH = /^sha256:[0-9a-f]{64}$/;

const email = z.email('must be an email address').transform((s) => s.toLowerCase());

const user = z.strictObject({
  email,
  role: z.enum(['manager', 'developer']),
  passwordHash: z.string().regex(PASSWORD_HASH, 'must be a hash printed by `warden hash-password` (scrypt$...)'),
  /** Extra account ids a developer may see besides those whose email is theirs. */
  accounts: z.array(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).default([]),
});

/**
 * API tokens for scripts: `Authorization: Bearer <token>`. Only the SHA-256 of the token is in the file.
 * Read-only unless `scope: write`; a token acts as a manager unless `email` names a configured user.
 */
const token = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, dot, dash, underscore'),
  hash: z.string().regex(TOKEN_HASH, 'must be sha256:<64 hex digits> (warden hash-password --token prints one)'),
  scope: z.enum(['read', 'write']).default('read'),
  email: email.optional(),
});

/**
 * OpenID Connect login. Only the settings are defined in this version: enabling it is refused at start
 * (`buildApp` throws a ConfigError) rather than silently falling back to passwords.
 */
const oidc = z.strictObject({
  enabled: z.boolean().default(false),
  issuer: z.url().optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: envRef.optional(),
  emailClaim: z.string().default('email'),
});

export const authSection = z
  .strictObject({
    users: z.array(user).default([]),
    sessionTtlHours: z.number().positive().max(24 * 90).default(12),
    /** Secure cookies: 'auto' sets Secure when server.publicUrl is https. */
    secureCookies: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    tokens: z.array(token).default([]),
    loginRateLimit: z
      .strictObject({ max: z.number().int().min(1).default(10), windowSeconds: z.number().int().min(1).default(300) })
      .prefault({}),
    oidc: oidc.prefault({}),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.users.forEach((u, i) => {
      if (seen.has(u.email)) ctx.addIssue({ code: 'custom', path: ['users', i, 'email'], message: `duplicate user ${u.email}` });
      seen.add(u.email);
    });
    a.tokens.forEach((t, i) => {
      if (t.email && !seen.has(t.email)) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'email'], message: `no user ${t.email} in auth.users` });
    });
  });

export type AuthConfig = z.infer<typeof authSection>;
export type AuthUser = AuthConfig['users'][number];
