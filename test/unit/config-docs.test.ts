// The README's configuration table and warden.config.example.yaml are generated from the schema; these tests keep
// the shipped copies in sync and make sure every key is described.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { describeConfig } from '../../config/describe.ts';
import { CONFIG_DESCRIPTIONS } from '../../config/docs.ts';
import { parseConfig } from '../../config/load.ts';
import { END, START, renderedTable } from '../../scripts/config-table.ts';
import { renderExample } from '../../scripts/config-example.ts';

const root = new URL('../../', import.meta.url);
const read = (f: string) => readFileSync(new URL(f, root), 'utf8');

describe('configuration documentation', () => {
  it('describes every key', () => {
    const undocumented = describeConfig(configSchema, CONFIG_DESCRIPTIONS).filter((k) => !k.description).map((k) => k.path);
    expect(undocumented).toEqual([]);
  });

  it('README table is the one generated from the schema', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
    expect(table).toBe(renderedTable());
  });

  it('ships the generated example, which is a valid configuration', () => {
    const text = read('warden.config.example.yaml');
    expect(text).toBe(renderExample());
    const env = Object.fromEntries([...text.matchAll(/env: (\w+)/g)].map((m) => [m[1]!, 'x']));
    const config = parseConfig(parse(text), env, 'warden.config.example.yaml');
    expect(config.organization.sandboxOus).toEqual(['ou-ab12-sandbox1']);
  });
});
