// Running Warden itself in tests: a temp config file, the CLI as a subprocess, or the runtime in-process.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { bootstrap, type Runtime } from '../../cli/bootstrap.ts';
import type { Clock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

/** Writes `config` as YAML into a fresh temp folder (with the database beside it unless given). */
export function writeConfig(config: Record<string, unknown>): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-test-'));
  const path = join(dir, 'warden.config.yaml');
  const withDb = { database: { path: join(dir, 'warden.db') }, ...config };
  writeFileSync(path, stringify(withDb));
  return { path, dir };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Runs `warden <args>` as a real process with only the given environment (plus PATH/HOME). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1, stdout, stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not one JSON document:\n${stdout}\n--- stderr:\n${stderr.slice(-2000)}`);
          }
        },
      });
    });
  });
}

/**
 * The whole runtime in this process. The SDK reads AWS_ENDPOINT_URL from process.env, so point it at the emulator
 * first (each test file runs in its own process).
 */
export function inProcess(configPath: string, opts: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Runtime {
  return bootstrap(configPath, opts.env ?? process.env, { clock: opts.clock, logger: silentLogger() });
}

export function useEmulator(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint;
}
