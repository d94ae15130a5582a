import { Command, CommanderError } from 'commander';
import { ConfigError, DatabaseError, InputError, errorMessage } from '../core/errors.ts';
import { resolveConfigPath } from './bootstrap.ts';
import { InstanceLockedError } from '../core/instanceLock.ts';
import { EXIT, type CliContext } from './context.ts';
import { registerRun } from './commands/run.ts';
import { registerServe } from './commands/serve.ts';
import { registerHashPassword } from './commands/hash-password.ts';
import { registerRestore } from './commands/restore.ts';
import { registerDoctor } from './commands/doctor.ts';

/** Command registrations; a feature adds its command here. */
const COMMANDS = [registerRun, registerServe, registerDoctor, registerRestore, registerHashPassword];

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Partial<Pick<CliContext, 'stdout' | 'stderr' | 'crashPoints'>> = {}): Promise<number> {
  let exitCode: number = EXIT.ok;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const program = new Command('warden')
    .description('Sandbox Warden: cost governance and hygiene for AWS sandbox accounts')
    .option('-c, --config <path>', 'configuration file (default ./warden.config.yaml, or $WARDEN_CONFIG)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  const ctx: CliContext = {
    env, stdout, stderr, ...(io.crashPoints ? { crashPoints: io.crashPoints } : {}),
    setExitCode: (c) => (exitCode = c),
    configPath: (cmd) => resolveConfigPath(cmd.optsWithGlobals().config as string | undefined, env),
  };
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    const bad = err instanceof ConfigError || err instanceof InputError || err instanceof DatabaseError || err instanceof InstanceLockedError;
    stderr.write(`warden: ${errorMessage(err)}\n`);
    return bad ? EXIT.badInput : EXIT.failed;
  }
}
