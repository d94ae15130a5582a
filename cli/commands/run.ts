import type { Command } from 'commander';
import { getJob, jobIds } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import { noProgress } from '../../jobs/types.ts';
import { bootstrap } from '../bootstrap.ts';
import { EXIT, type CliContext } from '../context.ts';
import { ttyProgress } from '../progress.ts';

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('Run one job once and report')
    .argument('<job>', `the job: ${jobIds().join(', ')}`)
    .option('--json', 'print one JSON report on stdout (logs stay on stderr)')
    .action(async (jobId: string, opts: { json?: boolean }, cmd: Command) => {
      const job = getJob(jobId);
      const rt = bootstrap(ctx.configPath(cmd), ctx.env, { crashPoints: ctx.crashPoints });
      try {
        const progress = !opts.json && ctx.stderr.isTTY ? ttyProgress(ctx.stderr as NodeJS.WriteStream) : noProgress;
        const report = await runJob(job, rt, progress);
        if (opts.json) ctx.stdout.write(`${JSON.stringify(report)}\n`);
        else {
          ctx.stdout.write(`${report.job}: ${report.status} (${report.errors.length} account errors, API cost $${report.apiCostUsd})\n`);
          for (const e of report.errors) ctx.stdout.write(`  ${e.accountId ?? '-'} ${e.region ?? ''} ${e.message}\n`);
          if (report.error) ctx.stdout.write(`  error: ${report.error}\n`);
        }
        ctx.setExitCode(report.status === 'failed' ? EXIT.failed : EXIT.ok);
      } finally {
        rt.close();
      }
    });
}
