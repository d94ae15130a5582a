import type { Command } from 'commander';
import { restoreFunction } from '../../jobs/runaway/restore.ts';
import { bootstrap } from '../bootstrap.ts';
import { EXIT, type CliContext } from '../context.ts';

/** `warden restore <function-arn> [--reason TEXT]`: undo a runaway kill exactly (previous reserved concurrency, tags, incident). */
export function registerRestore(program: Command, ctx: CliContext): void {
  program
    .command('restore')
    .description('Restore a Lambda function Warden throttled: put back its previous reserved concurrency and close the incident')
    .argument('<function-arn>', 'the function ARN (arn:aws:lambda:<region>:<account>:function:<name>)')
    .option('--reason <text>', 'why it is safe to restore (kept with the incident)')
    .option('--json', 'print the result as JSON')
    .action(async (functionArn: string, opts: { reason?: string; json?: boolean }, cmd: Command) => {
      const rt = bootstrap(ctx.configPath(cmd), ctx.env, { crashPoints: ctx.crashPoints });
      try {
        const actor = `cli:${ctx.env.USER ?? ctx.env.LOGNAME ?? 'unknown'}`;
        const r = await restoreFunction(rt, functionArn, { actor, ...(opts.reason ? { reason: opts.reason } : {}) });
        if (opts.json) ctx.stdout.write(`${JSON.stringify(r)}\n`);
        else ctx.stdout.write(`restored ${r.functionArn}: reserved concurrency ${r.previousConcurrency === null ? 'removed (none)' : `set back to ${r.previousConcurrency}`}; cool-down until ${r.cooldownUntil}\n`);
        ctx.setExitCode(EXIT.ok);
      } finally {
        rt.close();
      }
    });
}
