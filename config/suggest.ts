import type { z } from 'zod';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> } };

/** Unwraps default/optional/prefault wrappers to reach the object schema whose keys are the valid ones. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    const inner = (def.innerType ?? def.in) as AnySchema | undefined;
    if (def.type === 'object' || !inner) return s;
    s = inner;
  }
  return s;
}

/** The keys valid at a path in the schema (for "did you mean" on unknown keys). */
export function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s = unwrap(schema as AnySchema);
  for (const seg of path) {
    const def = s._zod.def;
    if (def.type === 'object') {
      const shape = def.shape as Record<string, AnySchema>;
      const next = shape[String(seg)];
      if (!next) return [];
      s = unwrap(next);
    } else if (def.type === 'record') {
      s = unwrap(def.valueType as AnySchema);
    } else if (def.type === 'array') {
      s = unwrap(def.element as AnySchema);
    } else return [];
  }
  const def = s._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}
