// Generates warden.config.example.yaml from the schema and the key descriptions:
// `npx tsx scripts/config-example.ts --write`. A test keeps the shipped file equal to this output.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { configSchema } from '../config/schema.ts';
import { describeConfig, type KeyDoc } from '../config/describe.ts';
import { CONFIG_DESCRIPTIONS } from '../config/docs.ts';

/** Example values for keys that are required or have no default. */
const SAMPLES: Record<string, unknown> = {
  'organization.sandboxOus': ['ou-ab12-sandbox1'],
  'organization.externalId': 'warden-external-id',
  'alerts.managers': ['eng-manager@example.com'],
  'alerts.webhookUrl': { env: 'WARDEN_WEBHOOK_URL' },
  'email.smtp.user': 'warden',
  'email.smtp.password': { env: 'WARDEN_SMTP_PASSWORD' },
  'server.secret': { env: 'WARDEN_SECRET' },
};

const flow = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();

export function renderExample(keys: KeyDoc[] = describeConfig(configSchema, CONFIG_DESCRIPTIONS)): string {
  const lines = ['# Sandbox Warden configuration: every key, with its default. Generated from the schema', '# (npx tsx scripts/config-example.ts --write). Copy to warden.config.yaml and edit.', ''];
  const open: string[] = [];
  for (const k of keys) {
    if (k.path.includes('<key>') || k.path.includes('[]')) continue; // entries of maps and lists: see the README table
    const parts = k.path.split('.');
    let common = 0;
    while (common < open.length && open[common] === parts[common]) common++;
    open.length = common;
    for (let i = common; i < parts.length - 1; i++) {
      if (i === 0) lines.push('');
      lines.push(`${'  '.repeat(i)}${parts[i]}:`);
      open.push(parts[i]!);
    }
    const indent = '  '.repeat(parts.length - 1);
    const name = parts[parts.length - 1]!;
    if (parts.length === 1) lines.push('');
    if (k.description) lines.push(`${indent}# ${k.description.replace(/`/g, '')}`);
    const sample = SAMPLES[k.path];
    if (k.default) lines.push(`${indent}${name}: ${flow(JSON.parse(k.default.slice(1, -1)))}`);
    else if (k.required && sample !== undefined) lines.push(`${indent}${name}: ${flow(sample)}`);
    else lines.push(`${indent}# ${name}: ${sample === undefined ? '' : flow(sample)}`.trimEnd());
  }
  return `${closeEmptyParents(lines).join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** A parent key whose children are all commented out gets `{}`, so the file stays valid YAML for the schema. */
function closeEmptyParents(lines: string[]): string[] {
  const depth = (l: string) => l.length - l.trimStart().length;
  return lines.map((line, i) => {
    if (!/^\s*[\w-]+:$/.test(line)) return line;
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j]!;
      if (next.trim() === '') continue;
      if (depth(next) <= depth(line)) break;
      if (!next.trimStart().startsWith('#')) return line;
    }
    return `${line} {}`;
  });
}

if (process.argv.includes('--write')) writeFileSync(new URL('../warden.config.example.yaml', import.meta.url), renderExample());
else if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderExample());
