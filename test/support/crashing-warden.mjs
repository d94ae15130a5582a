// Test-only entry point: bin/warden.js with one crash point injected (core/crashPoints.ts), so the process SIGKILLs
// itself the nth time it reaches that point. Usage: node crashing-warden.mjs <point> <nth> <warden arguments...>
import { register } from 'tsx/esm/api';

register();
const [point, nth, ...args] = process.argv.slice(2);
const { main } = await import('../../cli/main.ts');
const { crashAt, isCrashPoint } = await import('../../core/crashPoints.ts');
if (!point || !isCrashPoint(point) || !(Number(nth) >= 1)) {
  process.stderr.write(`crashing-warden: unknown crash point ${point} or bad nth ${nth}\n`);
  process.exit(2);
}
process.exitCode = await main(args, process.env, { crashPoints: crashAt({ point, nth: Number(nth) }) });
