// A real SMTP server on loopback that keeps every message it accepts, parsed with mailparser.
// stop() then start() simulates a mail outage and recovery on the same port.
import { EventEmitter } from 'node:events';
import getPort from 'get-port';
import { simpleParser, type HeaderValue } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  envelope: { from: string; to: string[] };
  subject: string;
  text: string;
  html: string;
  headers: Map<string, HeaderValue>;
  messageId: string;
  /** SMTP AUTH user if the client authenticated (any credentials are accepted). */
  authUser?: string;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  messages: SinkMessage[];
  /** Resolves with all messages once at least n have arrived; rejects after timeoutMs. */
  waitForMessages(n: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Forgets the messages received so far. */
  clear(): void;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Recipients answered with 550 at RCPT TO (case-insensitive). */
  rejectRecipients?: string[];
  /** Called with each accepted message and its raw RFC 822 bytes (the demo writes them as .eml files). */
  onMessage?: (message: SinkMessage, raw: Buffer) => void;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const rejected = new Set((options.rejectRecipients ?? []).map((r) => r.toLowerCase()));
  const messages: SinkMessage[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const port = await getPort({ host: '127.0.0.1' });
  let server: SMTPServer | undefined;

  const create = (): SMTPServer =>
    new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      size: 25 * 1024 * 1024,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onRcptTo(address, _session, callback) {
        if (rejected.has(address.address.toLowerCase())) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), {
            responseCode: 550,
          });
          callback(err);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        new Promise<Buffer>((resolve, reject) => {
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        })
          .then(async (raw) => ({ raw, mail: await simpleParser(raw) }))
          .then(({ raw, mail }) => {
            const from = session.envelope.mailFrom;
            const user: unknown = session.user;
            const message: SinkMessage = {
              envelope: {
                from: from ? from.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              headers: mail.headers,
              messageId: mail.messageId ?? '',
              ...(typeof user === 'string' ? { authUser: user } : {}),
            };
            messages.push(message);
            options.onMessage?.(message, raw);
            callback();
            events.emit('message');
          })
          .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
      },
    });

  const start = async (): Promise<void> => {
    if (server) return;
    const s = create();
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.removeListener('error', reject);
        resolve();
      });
    });
    s.on('error', () => {
      // connection-level errors (client hang-ups) must not crash the test process
    });
    server = s;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    messages,
    clear() {
      messages.length = 0;
    },
    start,
    stop,
    waitForMessages(n, timeoutMs = 10_000) {
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = (): boolean => {
          if (messages.length < n) return false;
          clearTimeout(timer);
          events.removeListener('message', check);
          resolve([...messages]);
          return true;
        };
        const timer = setTimeout(() => {
          events.removeListener('message', check);
          reject(new Error(`SMTP sink: waited ${timeoutMs} ms for ${n} message(s), got ${messages.length}`));
        }, timeoutMs);
        if (!check()) events.on('message', check);
      });
    },
  };
}
