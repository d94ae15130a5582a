// Regenerates the README's configuration table from the schema: `npx tsx scripts/config-table.ts --write`.
import { readFileSync, writeFileSync } from 'node:fs';
import { configSchema } from '../config/schema.ts';
import { configTable, describeConfig } from '../config/describe.ts';
import { CONFIG_DESCRIPTIONS } from '../config/docs.ts';

export const START = '<!-- config-table:start -->';
export const END = '<!-- config-table:end -->';

export function renderedTable(): string {
  return configTable(describeConfig(configSchema, CONFIG_DESCRIPTIONS));
}

export function withTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, a + START.length)}\n${renderedTable()}\n${readme.slice(b)}`;
}

if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, withTable(readFileSync(path, 'utf8')));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${renderedTable()}\n`);
}
