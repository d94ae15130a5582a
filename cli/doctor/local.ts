import { loadConfig, type Config } from '../../config/load.ts';
import { errorMessage } from '../../core/errors.ts';
import { inspectDatabase } from '../../db/integrity.ts';
import { result, type CheckResult } from './types.ts';

export function checkConfig(configPath: string, env: NodeJS.ProcessEnv): { check: CheckResult; config?: Config } {
  try {
    const config = loadConfig(configPath, env);
    const o = config.organization;
    const warnings = [
      config.alerts.managers.length === 0 ? 'alerts.managers is empty (only account owners get alert emails)' : '',
      o.memberRoleName === 'OrganizationAccountAccessRole' ? 'organization.memberRoleName is OrganizationAccountAccessRole (administrator rights; deploy/ has a least-privilege role)' : '',
    ].filter(Boolean);
    const detail = `${config.configPath}: ${o.sandboxOus.length} sandbox OU(s), ${config.regions.length} region(s), member role ${o.memberRoleName}`;
    return {
      config,
      check: warnings.length
        ? result('config', 'warn', `${detail}; ${warnings.join('; ')}`, { fix: 'See the README (Operations) and deploy/README.md.' })
        : result('config', 'ok', detail),
    };
  } catch (err) {
    return {
      check: result('config', 'fail', errorMessage(err), {
        fix: 'Fix the file named above (each problem names its key), or point --config / WARDEN_CONFIG at the right file.',
      }),
    };
  }
}

export function checkDatabase(config: Config): CheckResult {
  const { path, busyTimeoutMs } = config.database;
  try {
    const h = inspectDatabase(path, busyTimeoutMs);
    if (!h.exists) {
      if (path === ':memory:') return result('database', 'warn', 'database.path is :memory: (nothing is kept across restarts)', { fix: 'Set database.path to a file on persistent storage.' });
      return h.creatable
        ? result('database', 'ok', `${path} does not exist yet; the first start creates it and applies the migrations`)
        : result('database', 'fail', `${path} does not exist and cannot be created: ${h.reason}`, { fix: 'Create the folder and give the user that runs Warden write access to it, or change database.path.' });
    }
    const intact = h.integrity.length === 1 && h.integrity[0] === 'ok';
    if (!intact) {
      return result('database', 'fail', `${path}: integrity check failed: ${h.integrity.slice(0, 3).join('; ')}`, {
        fix: 'Stop Warden and restore the latest backup (README, Operations: backups); or recover with `sqlite3 warden.db .recover | sqlite3 new.db`.',
      });
    }
    if (!h.writable) return result('database', 'fail', `${path}: integrity ok, but the file or its folder is not writable`, { fix: 'Give the user that runs Warden write access to the file and its folder (WAL files live beside it).' });
    if (h.schemaVersion > h.latestVersion) {
      return result('database', 'fail', `${path}: schema version ${h.schemaVersion} is newer than this Warden knows (${h.latestVersion})`, { fix: 'Run the Warden version that wrote this database (or newer); downgrades are not supported.' });
    }
    const pending = h.pending.length ? `; ${h.pending.length} migration(s) pending, applied at the next start: ${h.pending.join(', ')}` : '';
    return result('database', 'ok', `${path}: integrity ok, schema version ${h.schemaVersion} of ${h.latestVersion}${pending}`);
  } catch (err) {
    return result('database', 'fail', errorMessage(err), { fix: 'Check database.path, the file permissions, and that it is a Warden SQLite database.' });
  }
}
