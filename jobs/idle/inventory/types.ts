import type { Resource, ResourceType } from '../types.ts';

/** A resource as a fetcher sees it: tags from the service itself (if it returns any), state_since not known yet. */
export type Fetched = Resource extends infer R ? (R extends Resource ? Omit<R, 'stateSince'> & { stateSince?: string } : never) : never;

export interface ServiceFetch {
  types: readonly ResourceType[];
  resources: Fetched[];
  /** Resources listed but gone by the time a follow-up call asked about them. */
  vanished: number;
  malformedTags: string[];
}

export interface FetchTarget {
  accountId: string;
  region: string;
  detailConcurrency: number;
}

export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

export const iso = (d: Date | string | undefined | null): string | null => {
  if (!d) return null;
  const t = d instanceof Date ? d.getTime() : Date.parse(d);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
};
