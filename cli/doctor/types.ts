export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export type CheckId = 'config' | 'database' | 'credentials' | 'organizations' | 'memberRole' | 'costExplorer' | 'email' | 'webhook';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  detail: string;
  /** What to do about a failure or warning. */
  fix?: string;
  /** Per-item failures (e.g. the sandbox accounts whose role cannot be assumed). */
  failures?: Array<{ id: string; name?: string; message: string }>;
}

export interface DoctorReport {
  /** True when no check failed (warnings and skipped checks do not make it unhealthy). */
  healthy: boolean;
  configPath: string;
  checks: CheckResult[];
}

export const TITLES: Record<CheckId, string> = {
  config: 'Configuration',
  database: 'Database',
  credentials: 'AWS credentials',
  organizations: 'Organizations access',
  memberRole: 'Member role in sandboxes',
  costExplorer: 'Cost Explorer access',
  email: 'Email transport',
  webhook: 'Webhook',
};

export function result(id: CheckId, status: CheckStatus, detail: string, extra: Pick<CheckResult, 'fix' | 'failures'> = {}): CheckResult {
  return { id, title: TITLES[id], status, detail, ...extra };
}

export function skipped(id: CheckId, because: string): CheckResult {
  return result(id, 'skip', `not checked: ${because}`);
}
