import type { Command } from 'commander';
import { EXIT, type CliContext } from '../context.ts';
import { formatReport } from '../doctor/format.ts';
import { runDoctor } from '../doctor/run.ts';

/** `warden doctor`: checks configuration, database, AWS access, email and webhook; exit 0 only when healthy. */
export function registerDoctor(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('Check configuration, database, AWS access (credentials, Organizations, member role, Cost Explorer), email and webhook')
    .option('--json', 'print one JSON report on stdout')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const report = await runDoctor({ configPath: ctx.configPath(cmd), env: ctx.env });
      ctx.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatReport(report));
      ctx.setExitCode(report.healthy ? EXIT.ok : EXIT.failed);
    });
}
