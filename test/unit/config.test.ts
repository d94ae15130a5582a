import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../config/load.ts';
import { ConfigError } from '../../core/errors.ts';

const minimal = { organization: { sandboxOus: ['ou-ab12-cdefgh34'] }, regions: ['us-east-1'] };

function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'warden-config-'));
  const path = join(dir, 'warden.config.yaml');
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies defaults and freezes the result', () => {
    const c = parseConfig(minimal, {});
    expect(c.organization.memberRoleName).toBe('OrganizationAccountAccessRole');
    expect(c.budgets.thresholds).toEqual([50, 80, 100]);
    expect(c.email.smtp.port).toBe(587);
    expect(c.schedules.spend).toBe('30 */6 * * *');
    expect(Object.isFrozen(c.budgets)).toBe(true);
    expect(() => ((c.budgets as { thresholds: number[] }).thresholds = [])).toThrow();
  });

  it('rejects an unknown key with a suggestion and the valid keys', () => {
    const e = errorOf(() => parseConfig({ ...minimal, budgets: { defaultMonthlyUSD: 10 } }, {}));
    expect(e.message).toContain('budgets.defaultMonthlyUSD: unknown key (did you mean "defaultMonthlyUsd"?)');
    expect(e.message).toContain('valid keys here: defaultMonthlyUsd, accounts, thresholds, forecast');
  });

  it('suggests for a top-level typo and names wrong types with their path', () => {
    const e = errorOf(() => parseConfig({ ...minimal, regoins: ['x'], budgets: { thresholds: ['high'] } }, {}));
    expect(e.message).toContain('regoins: unknown key (did you mean "regions"?)');
    expect(e.message).toMatch(/budgets\.thresholds\.0: .*number/i);
  });

  it('names missing required keys and bad ids', () => {
    expect(errorOf(() => parseConfig({ regions: ['us-east-1'] }, {})).message).toContain('organization: required');
    expect(errorOf(() => parseConfig({ ...minimal, organization: { sandboxOus: ['sandbox'] } }, {})).message).toContain('organization.sandboxOus.0: must be an OU id');
    expect(errorOf(() => parseConfig({ ...minimal, organization: { sandboxOus: ['r-ab12'], excludeAccounts: ['12'] } }, {})).message).toContain('organization.excludeAccounts.0: must be a 12-digit');
    expect(errorOf(() => parseConfig({ ...minimal, schedules: { spend: 'every hour' } }, {})).message).toContain('schedules.spend: must be a valid cron');
  });

  it('takes secrets only from the environment variable the file names', () => {
    const withSecret = { ...minimal, email: { transport: 'smtp', smtp: { user: 'warden', password: { env: 'SMTP_PW' } } } };
    expect(parseConfig(withSecret, { SMTP_PW: 's3cret' }).secrets.smtpPassword).toBe('s3cret');
    expect(errorOf(() => parseConfig(withSecret, {})).message).toContain('email.smtp.password: environment variable SMTP_PW is not set');
    expect(errorOf(() => parseConfig({ ...minimal, email: { smtp: { password: 'inline' } } }, {})).message).toContain('email.smtp.password');
    expect(JSON.stringify(parseConfig(withSecret, { SMTP_PW: 's3cret' }))).not.toContain('s3cret');
  });

  it('reports malformed YAML and a missing file clearly', () => {
    expect(errorOf(() => loadConfig(writeConfig('organization: [unclosed\n'), {})).message).toMatch(/Malformed YAML in .*warden\.config\.yaml/);
    expect(errorOf(() => loadConfig(writeConfig('a: 1\na: 2\n'), {})).message).toMatch(/Malformed YAML/);
    expect(errorOf(() => loadConfig('/nonexistent/warden.yaml', {})).message).toContain('Configuration file not found: /nonexistent/warden.yaml');
  });

  it('resolves a relative database path against the config file', () => {
    const path = writeConfig('organization:\n  sandboxOus: [r-ab12]\nregions: [eu-west-1]\n');
    const c = loadConfig(path, {});
    expect(c.database.path).toBe(join(path, '..', 'data', 'warden.db'));
    expect(c.regions).toEqual(['eu-west-1']);
  });
});
