// Reads the container files without a Docker engine: the Dockerfile's stages and instructions, the compose file,
// and the module graph the runtime image must contain.
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

export interface Stage {
  name: string;
  from: string;
  /** Instructions of the stage, continuation lines joined: ['COPY', '--from=prune /app/bin ./bin'] … */
  instructions: Array<[string, string]>;
}

export function readDockerfile(path: string): { args: Record<string, string>; stages: Stage[] } {
  const text = readFileSync(path, 'utf8').replace(/\\\n/g, ' ');
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [, op = '', rest = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    const keyword = op.toUpperCase();
    if (keyword === 'ARG' && !stages.length) {
      const [k, v = ''] = rest.split('=');
      args[k!] = v;
    } else if (keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest)!;
      const from = m[1]!.replace(/\$\{(\w+)\}/g, (_, k: string) => args[k] ?? '');
      stages.push({ name: m[2] ?? String(stages.length), from, instructions: [] });
    } else if (stages.length) stages.at(-1)!.instructions.push([keyword, rest]);
  }
  return { args, stages };
}

export const lastOf = (stage: Stage, keyword: string) => stage.instructions.filter(([k]) => k === keyword).at(-1)?.[1];

/** ENV instructions of a stage, both `ENV A=b C=d` and `ENV A b` forms. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, rest] of stage.instructions) {
    if (k !== 'ENV') continue;
    if (!rest.includes('=')) {
      const [name, ...value] = rest.split(/\s+/);
      env[name!] = value.join(' ');
    } else for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: string[] | Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  tmpfs?: string[];
}

export function readCompose(path: string): { services: Record<string, ComposeService>; volumes: Record<string, unknown> } {
  return parse(readFileSync(path, 'utf8')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
}

/** Environment as a map; a name without a value (passed through from the shell) maps to undefined. */
export function environmentOf(s: ComposeService): Record<string, string | undefined> {
  if (!Array.isArray(s.environment)) return { ...(s.environment ?? {}) };
  return Object.fromEntries(s.environment.map((e) => {
    const i = e.indexOf('=');
    return i < 0 ? [e, undefined] : [e.slice(0, i), e.slice(i + 1)];
  }));
}

/** The port a `node -e fetch('http://127.0.0.1:PORT/healthz')` healthcheck probes. */
export function healthPort(test: string): number | undefined {
  const m = /http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(test);
  return m ? Number(m[1]) : undefined;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Follows relative imports from `entry` (static and dynamic, type-only ones aside) and returns the repository
 * files reached and the bare packages they import.
 */
export function moduleGraph(root: string, entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (files.has(path)) return;
    files.add(path);
    for (const m of readFileSync(path, 'utf8').matchAll(IMPORT)) {
      if (m[1]) continue;
      const spec = (m[2] ?? m[3])!;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(path), spec);
        if (existsSync(target)) visit(target);
        else throw new Error(`${relative(root, path)} imports ${spec}, which does not exist`);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0]!)) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  };
  visit(join(root, entry));
  return { files: [...files].map((f) => relative(root, f)).sort(), packages: [...packages].sort() };
}
