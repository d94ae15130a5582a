// Dashboard benchmark (prints figures; not a timed test): seeds ACCOUNTS × DAYS × SERVICES rows of daily spend
// (default 1,000 × 400 × 30 = 12M) through the real migrations and triggers, then measures p50/p95 of the weekly and
// overview API calls (fastify.inject on the real app), the database size, and the overview's time to interactive in
// headless Chromium. Run: npm run bench:dashboard [-- --accounts 1000 --days 400 --services 30 --runs 200]
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { parseConfig } from '../config/load.ts';
import { addDays, ManualClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { openDatabase } from '../db/index.ts';
import { createRepos } from '../db/repos/index.ts';
import type { Deps } from '../jobs/types.ts';
import { buildApp } from '../server/app.ts';
import { hashPassword, newApiToken } from '../server/auth/password.ts';

const { values: arg } = parseArgs({ options: { accounts: { type: 'string', default: '1000' }, days: { type: 'string', default: '400' }, services: { type: 'string', default: '30' }, runs: { type: 'string', default: '200' }, keep: { type: 'boolean', default: false } } });
const ACCOUNTS = Number(arg.accounts);
const DAYS = Number(arg.days);
const SERVICES = Number(arg.services);
const RUNS = Number(arg.runs);
const TODAY = '2026-03-18';
const START = addDays(TODAY, -DAYS);

const dir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
const dbPath = join(dir, 'warden.db');
const db = openDatabase(dbPath);
const repos = createRepos(db);
const now = `${TODAY}T09:00:00.000Z`;
const ids = Array.from({ length: ACCOUNTS }, (_, i) => String(100000000000 + i * 7919));
repos.accounts.recordDiscovery(ids.map((id, i) => ({ id, name: `sandbox-dev-${i}`, email: `dev${i}@example.com`, status: 'ACTIVE', ouId: 'ou-ab12-cdefgh12', ouPath: 'Root/Sandboxes' })), now);

// Rows are generated inside SQLite (recursive CTE), one transaction per account, so the per-row triggers that keep
// the weekly/daily pre-aggregates run exactly as they do for the spend job's upserts.
const seedAccount = db.prepare(`WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < @days - 1),
  s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < @services - 1)
  INSERT INTO spend_daily (account_id, day, service, amount_nano, unit, estimated, metric, updated_at)
  SELECT @id, date(@start, '+' || d.n || ' days'), printf('Service %02d', s.k), 1000000 + abs(random() % 3000000000), 'USD', 0, 'UnblendedCost', @now FROM d, s`);
const t0 = performance.now();
for (const [i, id] of ids.entries()) {
  db.transaction(() => seedAccount.run({ id, days: DAYS, services: SERVICES, start: START, now }))();
  if ((i + 1) % 100 === 0) process.stderr.write(`seeded ${i + 1}/${ACCOUNTS} accounts (${Math.round((performance.now() - t0) / 1000)} s)\n`);
}
const seedSeconds = (performance.now() - t0) / 1000;
const month = TODAY.slice(0, 7);
const mtd = repos.dashboard.accountTotals(`${month}-01`, TODAY, 'USD');
for (const id of ids) {
  const actual = mtd.get(id) ?? 0n;
  repos.budgets.saveForecast({ accountId: id, month, actualNano: actual, forecastNano: (actual * 31n) / 17n, budgetNano: 100_000_000_000n, method: 'projection', computedAt: now });
}
db.pragma('wal_checkpoint(TRUNCATE)');
db.exec('ANALYZE');
const rows = repos.spend.rowCount();
const size = statSync(dbPath).size + (existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0);

const password = 'bench-password-1';
const token = newApiToken();
const config = parseConfig({
  organization: { sandboxOus: ['r-abcd'] }, database: { path: dbPath },
  auth: { users: [{ email: 'manager@example.com', role: 'manager', passwordHash: await hashPassword(password) }], tokens: [{ name: 'bench', hash: token.hash }] },
}, {});
// The API calls measured here touch neither AWS nor mail: the AWS layer and the notifier are not used.
const deps = { config, repos, clock: new ManualClock(now), logger: silentLogger(), aws: {} as Deps['aws'], notifier: {} as Deps['notifier'] } satisfies Deps;
const app = await buildApp(deps);

async function measure(url: string) {
  const headers = { authorization: `Bearer ${token.token}` };
  for (let i = 0; i < 10; i++) await app.inject({ url, headers });
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const res = await app.inject({ url, headers });
    ms.push(performance.now() - t);
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
    bytes = res.body.length;
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  return { url, p50: q(0.5), p95: q(0.95), bytes };
}

const api = [await measure('/api/spend/weekly?weeks=12'), await measure('/api/overview'), await measure('/api/accounts')];

const base = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const tti: number[] = [];
try {
  const page = await browser.newPage({ baseURL: base, viewport: { width: 1366, height: 900 } });
  await page.goto('/login');
  await page.getByLabel('Email').fill('manager@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForSelector('body[data-ready="overview"]');
  for (let i = 0; i < 7; i++) {
    await page.goto('/', { waitUntil: 'commit' });
    await page.waitForSelector('body[data-ready="overview"]');
    // From navigation start to the overview drawn (both charts and tables in the DOM), as the page records it.
    tti.push(await page.evaluate(() => window.wardenReadyAt ?? NaN));
  }
} finally {
  await browser.close();
  await app.close();
  db.close();
  if (!arg.keep) rmSync(dir, { recursive: true, force: true });
}
tti.sort((a, b) => a - b);

const f = (n: number) => n.toFixed(1);
console.log(`\nDashboard benchmark: ${ACCOUNTS} accounts × ${DAYS} days × ${SERVICES} services = ${rows.toLocaleString('en-US')} spend rows`);
console.log(`seeding (SQLite, with the aggregate triggers): ${seedSeconds.toFixed(1)} s; database size ${(size / 1024 / 1024).toFixed(0)} MiB`);
console.log(`\n| call | p50 ms | p95 ms | response bytes |\n|---|---:|---:|---:|`);
for (const r of api) console.log(`| GET ${r.url} | ${f(r.p50)} | ${f(r.p95)} | ${r.bytes.toLocaleString('en-US')} |`);
console.log(`\noverview time to interactive in headless Chromium (navigation start → charts drawn), ${tti.length} loads: median ${f(tti[Math.floor(tti.length / 2)]!)} ms, max ${f(tti.at(-1)!)} ms`);
console.log(`(${RUNS} timed requests per call after 10 warm-ups, fastify.inject in-process with an API token; node ${process.version})`);
