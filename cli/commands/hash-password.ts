import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { hashPassword, newApiToken } from '../../server/auth/password.ts';
import { EXIT, type CliContext } from '../context.ts';

type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** All of stdin, without its final line break (so `echo pw | warden hash-password` hashes "pw"). */
async function readAll(input: Input): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text.replace(/\r?\n$/, '');
}

/** Reads one line from a terminal without echoing it. */
function promptHidden(input: Input, out: NodeJS.WritableStream, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(question);
    let value = '';
    input.setRawMode?.(true);
    input.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new InputError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (err: Error | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      out.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    input.on('data', onData);
  });
}

/**
 * `warden hash-password`: prints the scrypt hash for auth.users[].passwordHash. The password comes from stdin or a
 * hidden prompt, never from the command line (argv is visible to other users and kept in shell history).
 * `--token` prints a new API token and the hash for auth.tokens[].hash instead.
 */
export function registerHashPassword(program: Command, ctx: CliContext, input: Input = process.stdin): void {
  program
    .command('hash-password')
    .description('Hash a password (read from stdin or a hidden prompt) for auth.users, or make an API token with --token')
    .option('--token', 'generate an API token: prints the token (give it to the script) and its hash (put it in auth.tokens)')
    .action(async (opts: { token?: boolean }) => {
      if (opts.token) {
        const t = newApiToken();
        ctx.stdout.write(`token: ${t.token}\nhash:  ${t.hash}\n`);
        ctx.setExitCode(EXIT.ok);
        return;
      }
      let password: string;
      if (input.isTTY) {
        password = await promptHidden(input, ctx.stderr, 'Password: ');
        const again = await promptHidden(input, ctx.stderr, 'Again: ');
        if (again !== password) throw new InputError('the two passwords differ', 'password');
      } else {
        password = await readAll(input);
      }
      if (password.length < 8) throw new InputError('password must be at least 8 characters (read from stdin or the prompt, never from arguments)', 'password');
      ctx.stdout.write(`${await hashPassword(password)}\n`);
      ctx.setExitCode(EXIT.ok);
    });
}
