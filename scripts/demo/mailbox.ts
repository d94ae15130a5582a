// The demo's local mailbox: a real SMTP server on loopback that writes every message as an .eml file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';

export async function startMailbox(dir: string, say: (line: string) => void): Promise<SmtpSink> {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return startSmtpSink({
    onMessage(message, raw) {
      n++;
      const slug = message.subject.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
      const file = join(dir, `${String(n).padStart(3, '0')}-${slug}.eml`);
      writeFileSync(file, raw);
      say(`mail → ${message.envelope.to.join(', ')}: "${message.subject}"  (${file})`);
    },
  });
}
