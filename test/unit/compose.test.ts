// The Dockerfile and docker-compose.yml, checked without a Docker engine: stages, user, paths, ports, healthchecks,
// environment and the configuration files they mount agree with each other, with the config schema, and with
// what the runtime imports.
import { readFileSync } from 'node:fs';
import { dirname, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.ts';
import { resolveConfigPath } from '../../cli/bootstrap.ts';
import { envOf, environmentOf, healthPort, lastOf, moduleGraph, readCompose, readDockerfile } from './compose/files.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(`${ROOT}${p}`, 'utf8');
const docker = readDockerfile(`${ROOT}Dockerfile`);
const stage = (name: string) => docker.stages.find((s) => s.name === name)!;
const runtime = stage('runtime');
const compose = readCompose(`${ROOT}docker-compose.yml`);
const { warden, moto, mailpit, demo } = compose.services;
const volumeDir = JSON.parse(lastOf(runtime, 'VOLUME')!)[0] as string;
const configPathInImage = envOf(runtime).WARDEN_CONFIG!;
const configFile = (path: string) => parseConfig(parse(read(path)), { WARDEN_SMTP_PASSWORD: 'x', WARDEN_WEBHOOK_URL: 'https://hooks.example.com/x', WARDEN_SECRET: 'x'.repeat(32) }, `/etc/warden/${posix.basename(path)}`);
/** Env names given as `key: { env: NAME }`, commented-out example lines included (not the prose around them). */
const envRefs = (text: string) => [...text.matchAll(/^\s*#?\s*\w+:\s*\{\s*env:\s*(\w+)\s*\}/gm)].map((m) => m[1]!);
/** 'source:target[:mode]' of a volume, a `${VAR:-default}` source counted as one part. */
const volumeParts = (v: string) => v.replace(/\$\{[^}]*\}/g, 'VAR').split(':');
/** '127.0.0.1:8080:8080' → the container port. */
const containerPorts = (s: { ports?: string[] }) => (s.ports ?? []).map((p) => Number(p.split(':').at(-1)));

describe('Dockerfile', () => {
  it('is multi-stage on Node 20 and ends with the runtime stage', () => {
    expect(docker.stages.map((s) => s.name)).toEqual(['build', 'demo', 'prune', 'runtime']);
    expect(docker.stages.at(-1)!.name).toBe('runtime');
    for (const s of [stage('build'), runtime]) expect(s.from).toMatch(/^node:20(\.|-|$)/);
    expect(lastOf(stage('prune'), 'RUN')).toContain('npm prune --omit=dev');
  });

  it('runs as a non-root user, with a healthcheck on /healthz and warden serve as the default command', () => {
    expect(lastOf(runtime, 'USER')).toMatch(/^(?!root$|0$)\w+/);
    expect(lastOf(stage('demo'), 'USER')).toMatch(/^(?!root$|0$)\w+/);
    expect(healthPort(lastOf(runtime, 'HEALTHCHECK')!)).toBe(Number(lastOf(runtime, 'EXPOSE')));
    expect(JSON.parse(lastOf(runtime, 'ENTRYPOINT')!)).toEqual(['node', 'bin/warden.js']);
    expect(JSON.parse(lastOf(runtime, 'CMD')!)).toEqual(['serve']);
  });

  it('puts the config where the CLI looks for it (WARDEN_CONFIG)', () => {
    expect(resolveConfigPath(undefined, envOf(runtime))).toBe(configPathInImage);
  });

  it('copies every folder the CLI reaches at run time, and the runtime imports production dependencies only', () => {
    const graph = moduleGraph(ROOT, 'bin/warden.js');
    const copied = runtime.instructions.filter(([k, r]) => k === 'COPY' && r.includes('--from=')).map(([, r]) => r.split(/\s+/).at(-1)!.replace(/^\.\//, ''));
    const topDirs = [...new Set(graph.files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))];
    expect(topDirs.filter((d) => !copied.includes(d))).toEqual([]);
    expect(graph.files).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/commands/doctor.ts', 'db/index.ts']));
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(graph.packages.filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(graph.packages).toContain('tsx');
    // Read from disk at run time, not imported: the migrations.
    expect(copied).toContain('db');
  });

  it('keeps dependencies, the emulator venv, databases and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.venv-emulator', 'warden.config.yaml', '.env', '*.db', '.git']));
  });
});

describe('docker-compose.yml: the warden service', () => {
  it('is built from the runtime stage, under the prod profile so the demo never starts it', () => {
    expect(warden!.build).toEqual({ context: '.', target: 'runtime' });
    expect(warden!.profiles).toEqual(['prod']);
    expect(warden!.read_only).toBe(true);
    expect(warden!.tmpfs).toContain('/tmp'); // tsx keeps its transform cache in the temp folder
  });

  it('keeps the database on a named volume at the image volume, and mounts the config read-only where WARDEN_CONFIG points', () => {
    const volumes = warden!.volumes!.map(volumeParts);
    const data = volumes.find(([, target]) => target === volumeDir);
    expect(data?.[0]).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(data![0]);
    const config = volumes.find(([, target]) => target === configPathInImage);
    expect(config?.[2]).toBe('ro');
    expect(environmentOf(warden!).WARDEN_CONFIG).toBe(configPathInImage);
  });

  it('probes the port the image exposes and publishes it', () => {
    const port = Number(lastOf(runtime, 'EXPOSE'));
    expect(healthPort(warden!.healthcheck!.test.join(' '))).toBe(port);
    expect(containerPorts(warden!)).toEqual([port]);
  });

  it('passes through every secret the shipped configuration files name', () => {
    const names = [...new Set([...envRefs(read('warden.config.example.yaml')), ...envRefs(read('deploy/container.config.yaml'))])];
    expect(names.length).toBeGreaterThan(0);
    const env = environmentOf(warden!);
    expect(names.filter((n) => !(n in env))).toEqual([]);
  });

  it('gets a starting config that validates and matches the image paths and port', () => {
    const c = configFile('deploy/container.config.yaml');
    expect(dirname(c.database.path)).toBe(volumeDir);
    expect(c.server.host).toBe('0.0.0.0');
    expect(c.server.port).toBe(Number(lastOf(runtime, 'EXPOSE')));
  });
});

describe('docker-compose.yml: the demo profile', () => {
  const demoEnv = environmentOf(demo!);

  it('runs the emulator at the pinned version, a mail catcher with a web UI, and the demo', () => {
    const pinned = /^moto\[server\]==(\S+)$/m.exec(read('requirements-emulator.txt'))![1];
    expect(moto!.image).toBe(`motoserver/moto:${pinned}`);
    expect(mailpit!.image).toMatch(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
    // The web UI is published; SMTP stays on the compose network.
    expect(containerPorts(mailpit!)).toEqual([Number(environmentOf(mailpit!).MP_UI_BIND_ADDR!.split(':')[1])]);
    expect(demoEnv.WARDEN_DEMO_MAIL_UI).toBe(`http://localhost:${mailpit!.ports![0]!.split(':').at(-2)}`);
    for (const s of [moto, mailpit, demo]) expect(s!.profiles).toEqual(['demo']);
    expect(demo!.build).toEqual({ context: '.', target: 'demo' });
    expect(demo!.depends_on?.moto?.condition).toBe('service_healthy');
  });

  it('points the SDK and the demo at the emulator service on the port moto listens on', () => {
    const motoUrl = `http://moto:${environmentOf(moto!).MOTO_PORT}`;
    expect(demoEnv.AWS_ENDPOINT_URL).toBe(motoUrl);
    expect(demoEnv.WARDEN_DEMO_AWS_ENDPOINT).toBe(motoUrl);
    expect(moto!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${environmentOf(moto!).MOTO_PORT}/moto-api/`);
    expect(demoEnv.AWS_ACCESS_KEY_ID).toBe('testing');
  });

  it('uses a demo config that validates and names the compose services, volume and port', () => {
    const path = demoEnv.WARDEN_DEMO_CONFIG!;
    const workdir = lastOf(stage('build'), 'WORKDIR')!;
    expect(path.startsWith(`${workdir}/`)).toBe(true);
    const c = configFile(path.slice(workdir.length + 1));
    expect(`${c.email.smtp.host}:${c.email.smtp.port}`).toBe(demoEnv.WARDEN_DEMO_SMTP);
    expect(c.email.smtp.host in compose.services).toBe(true);
    expect(environmentOf(compose.services[c.email.smtp.host]!).MP_SMTP_BIND_ADDR).toBe(`0.0.0.0:${c.email.smtp.port}`);
    expect(c.email.transport).toBe('smtp');
    expect(demo!.volumes!.map((v) => volumeParts(v)[1])).toContain(dirname(c.database.path));
    expect(c.server.host).toBe('0.0.0.0');
    expect(containerPorts(demo!)).toEqual([c.server.port]);
    expect(healthPort(demo!.healthcheck!.test.join(' '))).toBe(c.server.port);
    expect(c.schedules.runaway.split(' ')).toHaveLength(6); // seconds field: accelerated
  });
});
