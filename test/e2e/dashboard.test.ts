// The dashboard in headless Chromium on the seeded scenario: log in, the overview chart as Chart.js drew it,
// every page (screenshots in test-output/e2e/), restoring a throttled function through the confirmation dialog
// with its concurrency back in the emulator, a developer seeing only their account, no console errors.
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.ts';
import { buildApp } from '../../server/app.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { chartOf, launch, logIn, openTab, visit, type Tab } from './browser.ts';
import { killRunaways, seedIdleFindings, type Runaways } from './incidents-seed.ts';
import { login } from './inject.ts';
import { DEVELOPER, EVIL_NAME, MANAGER, TODAY, seedScenario, type Scenario } from './seed.ts';

let s: Scenario;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let runaways: Runaways;
/** Waits (Playwright-style, no fixed sleep) until the value matches. */
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 10_000, interval: 50 });

beforeAll(async () => {
  s = await seedScenario({ config: { regions: ['us-east-1'], runaway: { lookbackMinutes: 15 } } });
  runaways = await killRunaways(s);
  seedIdleFindings(s);
  app = await buildApp(s.rt);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launch();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  runaways?.sim.destroy();
  await s?.stop();
});

/** The overview's stacked datasets, recomputed from the simulated records: top 8 accounts over 12 weeks, then the rest. */
function expectedStack() {
  const dow = new Date(`${TODAY}T00:00:00Z`).getUTCDay();
  const last = addDays(TODAY, -((dow + 6) % 7) - 7);
  const ids = new Set(s.sandboxes.map((a) => a.id));
  const twelve = expectedUsageNano(s.records, addDays(last, -77), addDays(last, 7), ids);
  const ranked = [...twelve].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).map(([id]) => s.org.accounts.find((a) => a.id === id)!.name);
  return [...ranked.slice(0, 8), `Other accounts (${ranked.length - 8})`];
}

describe('dashboard in Chromium', () => {
  let tab: Tab;

  it('logs the manager in and draws the overview: 12 weekly bars per account dataset, the expected accounts', async () => {
    tab = await openTab(browser, base);
    await logIn(tab, MANAGER.email, MANAGER.password);
    const chart = await chartOf(tab.page, 'weekly-chart');
    expect(chart).not.toBeNull();
    expect(chart!.type).toBe('bar');
    expect(chart!.labels).toHaveLength(12);
    expect(chart!.labels.at(-1)).toBe('2026-W11');
    expect(chart!.datasets.map((d) => d.label)).toEqual(expectedStack());
    for (const d of chart!.datasets) expect(d.drawn).toBe(12);
    const daily = await chartOf(tab.page, 'daily-chart');
    expect(daily!.datasets.map((d) => d.label)).toEqual(['Daily total', '7-day average']);
    expect(daily!.datasets[0]!.drawn).toBe(28);
    // The account named with markup is shown as text, never run.
    await poll(() => tab.page.locator('#budgets').getByText(EVIL_NAME, { exact: true }).count()).toBe(1);
    expect(await tab.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await tab.shot('overview');
  });

  it('shows the runaway incidents with their per-minute evidence chart', async () => {
    await visit(tab, '#/incidents');
    const open = tab.page.locator('article.incident.open');
    expect(await open.count()).toBe(s.rt.repos.alerts.list({ state: 'open' }).length);
    const runaway = s.rt.repos.alerts.list({ state: 'open' }).find((a) => a.resource === runaways.mine.arn)!;
    await tab.page.waitForFunction((id) => !!window.wardenCharts[`incident-chart-${id}`], runaway.id);
    const evidence = await chartOf(tab.page, `incident-chart-${runaway.id}`);
    expect(evidence!.datasets[0]!.label).toBe('Invocations per minute');
    expect(Math.max(...evidence!.datasets[0]!.values)).toBeGreaterThan(0);
    await tab.shot('incidents');
  });

  it('refuses a developer restoring another account\'s function (403), then the manager restores it after confirming', async () => {
    const dev = await login(app, DEVELOPER.email, DEVELOPER.password);
    const theirs = s.rt.repos.runaway.throttles.active(runaways.theirs.arn)!;
    expect((await dev.post(`/api/throttled/${theirs.id}/restore`)).statusCode).toBe(403);

    await visit(tab, '#/kill-switch');
    await poll(() => tab.page.locator('#throttled tbody tr').count()).toBe(2);
    await tab.shot('kill-switch');
    const button = tab.page.locator(`button[data-restore="${theirs.id}"]`);
    await button.click();
    await tab.page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await poll(() => tab.page.locator('#throttled tbody tr').count()).toBe(2); // cancelled: nothing happened
    await button.click();
    await tab.page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await poll(() => tab.page.getByRole('status').filter({ hasText: 'restored' }).count()).toBe(1);
    await poll(() => tab.page.locator('#throttled tbody tr').count()).toBe(1);
    expect(await runaways.sim.reservedConcurrency(runaways.theirs.key)).toBeUndefined(); // unreserved, as before the kill
  });

  it('shows idle waste by developer with drill-down, an account page and the health page', async () => {
    await visit(tab, '#/idle');
    await poll(() => tab.page.locator('#owners tbody tr').count()).toBe(2);
    await tab.shot('idle');
    await tab.page.locator('#owners').getByRole('link', { name: DEVELOPER.email }).click();
    await tab.page.waitForSelector('body[data-ready="idle"]');
    await poll(() => tab.page.locator('#findings tbody tr').count()).toBe(2);
    await visit(tab, `#/account/${s.developerAccount.id}`);
    const chart = await chartOf(tab.page, 'account-chart');
    expect(chart!.labels).toHaveLength(90);
    await tab.shot('account');
    await visit(tab, '#/health');
    await poll(() => tab.page.locator('#last-runs tbody tr').count()).toBe(s.rt.repos.jobRuns.lastPerJob().length);
    await tab.shot('health');
    expect(tab.errors).toEqual([]);
  });

  it('a developer sees only their account and restores their own function', async () => {
    const dev = await openTab(browser, base);
    await logIn(dev, DEVELOPER.email, DEVELOPER.password);
    const chart = await chartOf(dev.page, 'weekly-chart');
    expect(chart!.datasets.map((d) => d.label)).toEqual([s.developerAccount.name]);
    await poll(() => dev.page.locator('#budgets tbody tr').count()).toBe(1);
    await dev.shot('overview-developer');
    await visit(dev, '#/kill-switch');
    await poll(() => dev.page.locator('#throttled tbody tr').count()).toBe(1);
    await dev.page.getByRole('button', { name: 'Restore' }).click();
    await dev.page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await poll(() => dev.page.locator('#throttled tbody tr').count()).toBe(0);
    await poll(() => dev.page.getByText('No function is throttled.').count()).toBe(1);
    expect(await runaways.sim.reservedConcurrency(runaways.mine.key)).toBe(runaways.mine.reserved);
    // Idle: the findings in their account and the one tagged to them elsewhere; they can snooze the latter too.
    await visit(dev, '#/idle');
    await poll(() => dev.page.locator('#findings tbody tr').count()).toBe(2);
    await dev.page.locator('#findings tbody tr', { hasText: 'scratch-3' }).getByRole('button', { name: 'Snooze' }).click();
    await poll(() => dev.page.locator('#findings tbody tr', { hasText: 'scratch-3' }).getByText(/snoozed until/).count()).toBe(1);
    await dev.shot('idle-developer');
    expect(dev.errors).toEqual([]);
  });
});
