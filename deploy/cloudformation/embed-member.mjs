// Copies member-role.yaml into management-role.yaml as the StackSet's TemplateBody (a YAML literal block),
// so the one management stack can deploy the member role. The IAM coverage test checks the copy is exact.
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const member = readFileSync(new URL('member-role.yaml', dir), 'utf8');
const path = new URL('management-role.yaml', dir);
const lines = readFileSync(path, 'utf8').split('\n');
const start = lines.findIndex((l) => l === '      TemplateBody: |');
if (start < 0) throw new Error('management-role.yaml has no "      TemplateBody: |" line');
let end = start + 1;
while (end < lines.length && (lines[end] === '' || lines[end].startsWith('        '))) end++;
while (end > start + 1 && lines[end - 1] === '') end--; // keep the blank line before Outputs
const body = member.replace(/\n$/, '').split('\n').map((l) => (l ? `        ${l}` : ''));
writeFileSync(path, [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join('\n'));
