import { lookup } from 'node:dns/promises';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '../../config/load.ts';
import type { AwsSession } from '../../aws/clients.ts';
import { describeAwsError, isAccessDenied } from '../../aws/errors.ts';
import { errorMessage } from '../../core/errors.ts';
import type { MailTransport } from '../../notify/transport.ts';
import { result, type CheckResult } from './types.ts';

/** SMTP: connects and greets (nodemailer verify; authenticates when a user is set). SES: reads the sending account. */
export async function checkEmail(config: Config, transport: MailTransport, session: AwsSession): Promise<CheckResult> {
  const e = config.email;
  if (e.transport === 'none') {
    return result('email', 'warn', 'email.transport is none: alert and digest emails stay queued in the outbox', {
      fix: 'Set email.transport to smtp (email.smtp.host, port, user, password: { env: NAME }) or ses.',
    });
  }
  if (e.transport === 'smtp') {
    const where = `${e.smtp.host}:${e.smtp.port}`;
    try {
      await transport.verify();
      return result('email', 'ok', `SMTP server ${where} answered${e.smtp.user ? ` and accepted the login of ${e.smtp.user}` : ''} (nothing was sent)`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      return result('email', 'fail', `SMTP server ${where}: ${errorMessage(err)}${code ? ` (${code})` : ''}`, {
        fix: code === 'EAUTH'
          ? 'The server refused the login: check email.smtp.user and the environment variable named by email.smtp.password.'
          : 'Check email.smtp.host, port and secure (465 = secure: true; 587 = STARTTLS), and that this host may connect to it.',
      });
    }
  }
  try {
    const account = await session.management('sesv2', e.ses.region).send(new GetAccountCommand({}));
    if (account.SendingEnabled === false) {
      return result('email', 'fail', `SES in ${e.ses.region}: sending is paused for this account`, { fix: 'Resume sending in the SES console (Account dashboard) after resolving the reason AWS gives.' });
    }
    if (account.ProductionAccessEnabled === false) {
      return result('email', 'warn', `SES in ${e.ses.region}: the account is in the SES sandbox, mail reaches verified addresses only`, { fix: 'Request production access in the SES console, or verify every recipient address.' });
    }
    return result('email', 'ok', `SES in ${e.ses.region}: sending enabled (from ${e.from}; nothing was sent)`);
  } catch (err) {
    return result('email', 'fail', `SES in ${e.ses.region}: ${describeAwsError(err)}`, {
      fix: isAccessDenied(err) ? 'Allow ses:GetAccount and ses:SendEmail for the management credentials (deploy/iam/management-policy.json, UseSes=true in the template).' : 'Check email.ses.region and the management credentials.',
    });
  }
}

/** Only that a webhook is configured and its host resolves: doctor never posts to it. */
export async function checkWebhook(config: Config): Promise<CheckResult> {
  const url = config.secrets.webhookUrl;
  if (!url) return result('webhook', 'skip', 'alerts.webhookUrl is not configured (alerts go by email only)');
  let host: string;
  let shown: string;
  try {
    const u = new URL(url);
    host = u.hostname.replace(/^\[|\]$/g, '');
    shown = `${u.protocol}//${u.host}/…`; // the path often carries a token: never print it
  } catch {
    return result('webhook', 'fail', 'alerts.webhookUrl is not a valid URL', { fix: 'Set alerts.webhookUrl (or the environment variable it names) to an http(s) URL.' });
  }
  try {
    const { address } = await lookup(host);
    return result('webhook', 'ok', `${shown}: host resolves to ${address} (nothing was posted)`);
  } catch (err) {
    return result('webhook', 'fail', `${shown}: host ${host} does not resolve (${(err as { code?: string }).code ?? errorMessage(err)})`, {
      fix: 'Check the webhook URL and this host\'s DNS resolver.',
    });
  }
}
