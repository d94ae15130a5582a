import pLimit from 'p-limit';
import { errorMessage } from '../core/errors.ts';

export interface TargetError {
  accountId: string;
  region: string | null;
  message: string;
  cause: unknown;
}

/**
 * Runs `fn` for every target with bounded concurrency. A failure is recorded against its target and the rest go on:
 * one broken sandbox never stops the sweep.
 */
export async function forEachTarget<T extends { accountId: string; region?: string | null }, R>(
  targets: T[],
  concurrency: number,
  fn: (target: T) => Promise<R>,
  onError: (e: TargetError) => void,
): Promise<Array<{ target: T; result: R }>> {
  const limit = pLimit(concurrency);
  const out: Array<{ target: T; result: R }> = [];
  await Promise.all(
    targets.map((target) =>
      limit(async () => {
        try {
          out.push({ target, result: await fn(target) });
        } catch (cause) {
          onError({ accountId: target.accountId, region: target.region ?? null, message: errorMessage(cause), cause });
        }
      }),
    ),
  );
  return out;
}
