// Bundles web/src (TypeScript, Chart.js from npm) into web/dist with esbuild and copies the static files.
// No CDN: everything the pages load comes from this server.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../web/', import.meta.url));
const dist = `${web}dist`;
const watch = process.argv.includes('--dev');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const t0 = performance.now();
const result = await build({
  entryPoints: { app: `${web}src/app.ts`, login: `${web}src/login.ts` },
  outdir: dist,
  bundle: true,
  format: 'esm',
  splitting: false,
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: !watch,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
cpSync(`${web}static`, dist, { recursive: true });
const bytes = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js')).map(([f, o]) => `${f.split('/').pop()} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`web built into web/dist in ${Math.round(performance.now() - t0)} ms: ${bytes.join(', ')}`);
