import type { Command } from 'commander';
import type { CrashPoints } from '../core/crashPoints.ts';

/** What every CLI command gets: the environment and output streams (injected, so tests can run main() in-process). */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean });
  setExitCode(code: number): void;
  /** The global --config value, resolved with WARDEN_CONFIG and the default. */
  configPath(cmd: Command): string;
  /** Test-only crash injection handed to bootstrap (core/crashPoints.ts); never set by bin/warden.js. */
  crashPoints?: CrashPoints;
}

export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
