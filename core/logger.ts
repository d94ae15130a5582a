import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that may carry secrets; pino replaces them before anything is written. */
const REDACT = [
  'password', '*.password', 'pass', '*.pass', 'secret', '*.secret', 'token', '*.token',
  'authorization', '*.authorization', 'headers.authorization', 'headers.cookie', 'cookie', '*.cookie',
  'credentials', '*.credentials', 'secretAccessKey', '*.secretAccessKey', 'sessionToken', '*.sessionToken',
  'webhookUrl', '*.webhookUrl', 'secrets', '*.secrets',
];

/** Structured JSON logs on stderr, so `--json` output on stdout stays clean. */
export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream | number } = {}): Logger {
  const dest = opts.destination ?? 2;
  const stream = typeof dest === 'number' ? pino.destination({ fd: dest, sync: true }) : dest;
  return pino({ level: opts.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'warden' } }, stream);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
