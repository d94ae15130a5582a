import { readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { configSchema, type ConfigFile } from './schema.ts';
import { closest, keysAt } from './suggest.ts';
import type { EnvRef } from './secret.ts';

/** Secrets resolved from the environment at start; never logged, never serialised. */
export interface Secrets {
  smtpPassword?: string;
  webhookUrl?: string;
  serverSecret?: string;
  [name: string]: string | undefined;
}

export type Config = Readonly<ConfigFile> & { readonly configPath: string; readonly secrets: Readonly<Secrets> };

function pathText(path: PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}

export function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const valid = keysAt(configSchema, issue.path);
      for (const key of issue.keys) {
        const hint = closest(key, valid);
        const where = pathText([...issue.path, key]);
        out.push(`${where}: unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; valid keys here: ${valid.join(', ') || 'none'}`);
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push(`${pathText(issue.path)}: required (${issue.expected})`);
    } else {
      out.push(`${pathText(issue.path)}: ${issue.message}`);
    }
  }
  return out;
}

function resolveRef(ref: EnvRef | undefined, env: NodeJS.ProcessEnv, key: string): string | undefined {
  if (!ref) return undefined;
  const value = env[ref.env];
  if (value === undefined || value === '') throw new ConfigError(`${key}: environment variable ${ref.env} is not set (the file names it as the secret's source)`);
  return value;
}

function deepFreeze<T>(obj: T): T {
  if (obj && typeof obj === 'object' && !Object.isFrozen(obj)) {
    Object.freeze(obj);
    for (const v of Object.values(obj)) deepFreeze(v);
  }
  return obj;
}

/** Validates an already-parsed document; used by loadConfig and by tests. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv, configPath = '(inline)'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`Invalid configuration in ${configPath}:`, formatIssues(result.error.issues));
  const file = result.data;
  const webhook = file.alerts.webhookUrl;
  const secrets: Secrets = {
    smtpPassword: resolveRef(file.email.smtp.password, env, 'email.smtp.password'),
    webhookUrl: typeof webhook === 'string' ? webhook : resolveRef(webhook, env, 'alerts.webhookUrl'),
    serverSecret: resolveRef(file.server.secret, env, 'server.secret'),
  };
  // Relative database paths are relative to the config file, so `--config` from anywhere finds the same DB.
  const base = configPath === '(inline)' ? process.cwd() : dirname(configPath);
  const database = { ...file.database, path: file.database.path === ':memory:' ? ':memory:' : resolve(base, file.database.path) };
  const config = { ...file, database, configPath };
  Object.defineProperty(config, 'secrets', { value: Object.freeze(secrets), enumerable: false });
  return deepFreeze(config) as Config;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv): Config {
  const configPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `Configuration file not found: ${configPath} (copy warden.config.example.yaml, or pass --config PATH / set WARDEN_CONFIG)`
        : `Cannot read configuration file ${configPath}: ${(err as Error).message}`,
      [],
      { cause: err },
    );
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(`Malformed YAML in ${configPath}:`, doc.errors.map((e) => e.message.split('\n')[0] ?? e.message));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError(`Malformed YAML in ${configPath}: ${(err as Error).message}`, [], { cause: err });
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(`Invalid configuration in ${configPath}: the document must be a mapping of keys (organization:, regions:, …), not ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  return parseConfig(raw, env, configPath);
}
