// Brings the CloudFormation templates in step with the JSON policies, the source of truth:
//   node deploy/cloudformation/sync.mjs
// 1. The Action list of every statement (matched by Sid) in member-role.yaml and management-role.yaml is set to the
//    JSON policy's (deploy/iam/*.json); Resources and conditions stay as written in the templates.
// 2. member-role.yaml is copied into management-role.yaml as the StackSet's TemplateBody (a YAML literal block).
// The IAM coverage test (test/unit/iam-coverage.test.ts) checks both.
import { readFileSync, writeFileSync } from 'node:fs';

const here = (name) => new URL(name, import.meta.url);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function syncActions(policyFile, templateFile) {
  const policy = JSON.parse(readFileSync(here(`../iam/${policyFile}`), 'utf8'));
  let text = readFileSync(here(templateFile), 'utf8');
  for (const { Sid, Action } of policy.Statement) {
    // The statement's Action list: "- Sid: X", its keys (indented two more), then "Action:" and its items.
    const re = new RegExp(`\\n( *)- Sid: ${escape(Sid)}\\n(?:\\1  .*\\n)*?\\1  Action:\\n((?:\\1    - .*\\n)+)`);
    const m = re.exec(text);
    if (!m) throw new Error(`${templateFile}: no statement with Sid ${Sid} (add it by hand first)`);
    const items = [Action].flat().sort().map((a) => `${m[1]}    - ${a}\n`).join('');
    const start = m.index + m[0].length - m[2].length;
    text = text.slice(0, start) + items + text.slice(start + m[2].length);
  }
  writeFileSync(here(templateFile), text);
}

function embedMember() {
  const member = readFileSync(here('member-role.yaml'), 'utf8');
  const lines = readFileSync(here('management-role.yaml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '      TemplateBody: |');
  if (start < 0) throw new Error('management-role.yaml has no "      TemplateBody: |" line');
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || lines[end].startsWith('        '))) end++;
  while (end > start + 1 && lines[end - 1] === '') end--; // keep the blank line before Outputs
  const body = member.replace(/\n$/, '').split('\n').map((l) => (l ? `        ${l}` : ''));
  writeFileSync(here('management-role.yaml'), [...lines.slice(0, start + 1), ...body, ...lines.slice(end)].join('\n'));
}

syncActions('member-policy.json', 'member-role.yaml');
embedMember();
// After the embed: the management template's own statements come before TemplateBody, so they match first.
syncActions('management-policy.json', 'management-role.yaml');
