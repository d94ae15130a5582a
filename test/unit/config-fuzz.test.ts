// Fuzzed configurations: any document, however mangled, is either accepted or rejected with a ConfigError that names
// what is wrong — never another exception.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../config/load.ts';
import { ConfigError } from '../../core/errors.ts';

const example = parse(readFileSync(new URL('../../warden.config.example.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
const env = { WARDEN_WEBHOOK_URL: 'http://127.0.0.1:1/h', WARDEN_SMTP_PASSWORD: 'x', WARDEN_SECRET: 'y' };

/** Every path to a value in the document. */
function paths(v: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(v)) return v.flatMap((c, i) => paths(c, [...prefix, String(i)]));
  if (v && typeof v === 'object') return Object.entries(v as object).flatMap(([k, c]) => [[...prefix, k], ...paths(c, [...prefix, k])]);
  return [];
}
const allPaths = paths(example);

function mutate(doc: unknown, path: string[], value: unknown, op: 'set' | 'delete' | 'rename'): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (op === 'delete') delete node[last];
  else if (op === 'rename') {
    node[`${last}x`] = node[last];
    delete node[last];
  } else node[last] = value;
  return copy;
}

const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }), fc.constant('ou-ab12-sandbox1'), fc.constant(-1), fc.constant(0));

function outcome(fn: () => unknown): 'ok' | 'config-error' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof ConfigError) {
      expect(err.message.length).toBeGreaterThan(10);
      return 'config-error';
    }
    throw err;
  }
}

describe('fuzzed configuration', () => {
  it('accepts or rejects mutated documents with a ConfigError, naming the mutated key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), anyValue, fc.constantFrom('set' as const, 'delete' as const, 'rename' as const), (path, value, op) => {
        const doc = mutate(example, path, value, op);
        const r = outcome(() => parseConfig(doc, env));
        if (r === 'config-error' && op === 'rename' && !/^\d+$/.test(path[path.length - 1]!)) {
          try {
            parseConfig(doc, env);
          } catch (err) {
            expect((err as Error).message).toContain(`${path[path.length - 1]}x`);
          }
        }
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });

  it('survives random YAML text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-fuzz-'));
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const file = join(dir, 'c.yaml');
        writeFileSync(file, text);
        outcome(() => loadConfig(file, env));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
