import nodemailer from 'nodemailer';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '../config/load.ts';
import type { AwsLayer } from '../aws/clients.ts';

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string | null;
  /** Derived from the outbox idempotency key, so a re-send after a crash carries the same Message-ID. */
  messageId: string;
}

export interface SendResult {
  providerId: string | null;
  rejected: string[];
}

export interface MailTransport {
  readonly kind: 'smtp' | 'ses' | 'none';
  send(m: MailMessage): Promise<SendResult>;
  verify(): Promise<void>;
  close(): void;
}

/** An error the provider will give again on retry (e.g. every recipient refused): the message goes dead at once. */
export function isPermanentMailError(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return e?.code === 'EENVELOPE' || (typeof e?.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'ECONNECTION');
}

function toAddresses(list: unknown): string[] {
  return Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a))) : [];
}

export function createMailTransport(config: Config, aws: AwsLayer): MailTransport {
  const e = config.email;
  if (e.transport === 'smtp') {
    const transporter = nodemailer.createTransport({
      host: e.smtp.host, port: e.smtp.port, secure: e.smtp.secure, requireTLS: e.smtp.requireTLS,
      connectionTimeout: e.smtp.timeoutMs, greetingTimeout: e.smtp.timeoutMs, socketTimeout: e.smtp.timeoutMs * 3,
      ...(e.smtp.user ? { auth: { user: e.smtp.user, pass: config.secrets.smtpPassword ?? '' } } : {}),
      ...(!e.smtp.secure && !e.smtp.requireTLS ? { ignoreTLS: e.smtp.host === '127.0.0.1' || e.smtp.host === 'localhost' } : {}),
    });
    return {
      kind: 'smtp',
      async send(m) {
        const info = await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, messageId: m.messageId });
        return { providerId: info.messageId ?? null, rejected: toAddresses(info.rejected) };
      },
      verify: async () => void (await transporter.verify()),
      close: () => transporter.close(),
    };
  }
  if (e.transport === 'ses') {
    const session = aws.session();
    const client = () => session.management('sesv2', e.ses.region);
    return {
      kind: 'ses',
      async send(m) {
        const out = await client().send(new SendEmailCommand({
          FromEmailAddress: m.from,
          Destination: { ToAddresses: m.to },
          Content: { Simple: { Subject: { Data: m.subject, Charset: 'UTF-8' }, Body: { Text: { Data: m.text, Charset: 'UTF-8' }, ...(m.html ? { Html: { Data: m.html, Charset: 'UTF-8' } } : {}) } } },
        }));
        return { providerId: out.MessageId ?? null, rejected: [] };
      },
      verify: async () => undefined,
      close: () => undefined,
    };
  }
  return {
    kind: 'none',
    send: async () => {
      throw new Error('email.transport is "none": messages stay in the outbox until a transport is configured');
    },
    verify: async () => undefined,
    close: () => undefined,
  };
}
