import type { z } from 'zod';

type Def = Record<string, unknown> & { type: string };
type Node = z.ZodType & { _zod: { def: Def }; description?: string };

export interface KeyDoc {
  path: string;
  type: string;
  default: string;
  required: boolean;
  description: string;
}

function typeName(s: Node): string {
  const def = s._zod.def;
  switch (def.type) {
    case 'default': case 'prefault': case 'optional': case 'nullable': case 'readonly':
      return typeName(def.innerType as Node);
    case 'pipe': return typeName(def.in as Node);
    case 'enum': return Object.values(def.entries as object).map((v) => `\`${v}\``).join(' \\| ');
    case 'literal': return (def.values as unknown[]).map((v) => `\`${String(v)}\``).join(' \\| ');
    case 'array': return `list of ${typeName(def.element as Node)}`;
    case 'record': return `map of ${typeName(def.valueType as Node)}`;
    case 'union': return (def.options as Node[]).map(typeName).join(' or ');
    case 'object': {
      const keys = Object.keys(def.shape as object);
      return keys.length === 1 && keys[0] === 'env' ? '`{ env: VAR }`' : 'object';
    }
    default: return def.type;
  }
}

function unwrap(s: Node): { inner: Node; defaultValue?: unknown; optional: boolean; description?: string } {
  let cur = s;
  let defaultValue: unknown;
  let optional = false;
  let description = s.description;
  for (let i = 0; i < 10; i++) {
    const def = cur._zod.def;
    if (def.type === 'default' || def.type === 'prefault') {
      const d = def.defaultValue;
      defaultValue ??= typeof d === 'function' ? (d as () => unknown)() : d;
      optional = true;
    } else if (def.type === 'optional') optional = true;
    else break;
    cur = def.innerType as Node;
    description ??= cur.description;
  }
  return { inner: cur, defaultValue, optional, description };
}

/**
 * Every documented key of the configuration: leaves, plus maps and lists (whose entries are described below them).
 * `descriptions` fills in keys whose schema carries no `.describe()`.
 */
export function describeConfig(schema: z.ZodType, descriptions: Record<string, string> = {}): KeyDoc[] {
  const out: KeyDoc[] = [];
  const visit = (s: Node, path: string[]) => {
    const { inner, defaultValue, optional, description } = unwrap(s);
    const def = inner._zod.def;
    const key = path.join('.');
    const isEnvRef = def.type === 'object' && Object.keys(def.shape as object).join() === 'env';
    // Objects inside map and list entries are listed as one key: their fields are documented where they first appear.
    const entryDepth = path.length - 1 - Math.max(path.lastIndexOf('<key>'), path.lastIndexOf('[]'));
    const insideEntry = entryDepth < path.length - 1 && entryDepth >= 1;
    if (def.type === 'object' && !isEnvRef && !insideEntry) {
      for (const [k, child] of Object.entries(def.shape as Record<string, Node>)) visit(child, [...path, k]);
      return;
    }
    out.push({
      path: key, type: typeName(inner), required: !optional,
      default: defaultValue === undefined ? '' : `\`${JSON.stringify(defaultValue)}\``,
      description: descriptions[key] ?? description ?? '',
    });
    const element = def.type === 'record' ? (def.valueType as Node) : def.type === 'array' ? (def.element as Node) : undefined;
    if (element && unwrap(element).inner._zod.def.type === 'object') {
      const e = unwrap(element).inner._zod.def;
      for (const [k, child] of Object.entries(e.shape as Record<string, Node>)) visit(child, [...path, def.type === 'record' ? '<key>' : '[]', k]);
    }
  };
  visit(schema as Node, []);
  return out;
}

export function configTable(keys: KeyDoc[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = keys.map((k) => `| \`${k.path}\` | ${k.type} | ${k.required && !k.default ? 'required' : k.default || '—'} | ${esc(k.description)} |`);
  return ['| key | type | default | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
