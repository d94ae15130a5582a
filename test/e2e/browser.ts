// Headless Debian Chromium driven by playwright-core (never a downloaded browser), with console errors collected.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOTS = new URL('../../test-output/e2e/', import.meta.url).pathname;

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface Tab {
  page: Page;
  errors: string[];
  shot(name: string): Promise<string>;
}

export async function openTab(browser: Browser, baseURL: string): Promise<Tab> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`unexpected dialog: ${d.message()}`); void d.dismiss(); });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page, errors,
    async shot(name) {
      const path = `${SCREENSHOTS}${name}.png`;
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}

export async function logIn(tab: Tab, email: string, password: string): Promise<void> {
  await tab.page.goto('/');
  await tab.page.waitForURL(/\/login/);
  await tab.page.getByLabel('Email').fill(email);
  await tab.page.getByLabel('Password').fill(password);
  await tab.page.getByRole('button', { name: 'Log in' }).click();
  await tab.page.waitForSelector('body[data-ready="overview"]');
}

/** Goes to a page of the app and waits until it has drawn. */
export async function visit(tab: Tab, hash: string): Promise<void> {
  const ready = hash.split('/')[1] ?? 'overview';
  await tab.page.evaluate((h) => { location.hash = h; }, hash);
  await tab.page.waitForSelector(`body[data-ready="${ready}"]`);
}

/** The Chart.js instance on a canvas: labels, dataset labels and the number of bars drawn per dataset. */
export function chartOf(page: Page, canvasId: string) {
  return page.evaluate((id) => {
    const c = window.wardenCharts[id];
    if (!c) return null;
    return {
      type: (c.config as { type: string }).type,
      labels: c.data.labels as string[],
      datasets: c.data.datasets.map((d, i) => ({ label: d.label ?? '', values: d.data as number[], drawn: c.getDatasetMeta(i).data.length })),
    };
  }, canvasId);
}
