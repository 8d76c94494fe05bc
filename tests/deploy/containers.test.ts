import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { settings } from '../../config/config.js';
import { envTemplate } from '../../cli/commands/config.js';

// No Docker engine runs on our machines: the compose file is validated against the Compose Specification's
// JSON Schema (dclint bundles it), and what the containers run is run here, outside Docker.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dclint = 'node_modules/dclint/bin/dclint.cjs';
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  restart?: string;
  container_name?: string;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const ours = Object.entries(services).filter(([, s]) => s.build !== undefined);

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/donga-ingest.js', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('docker-compose.yml', () => {
  it('is valid under the Compose Specification (schema errors fail, style warnings do not)', () => {
    const res = spawnSync(process.execPath, [dclint, '--quiet', '--color=false', 'docker-compose.yml'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(res.stdout + res.stderr).not.toMatch(/error/i);
    expect(res.status).toBe(0);
  });

  it('the validator does fail on a broken compose file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-compose-'));
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  worker:\n    image: x\n    restrat: always\n');
    const res = spawnSync(process.execPath, [dclint, '--quiet', '--color=false', join(dir, 'docker-compose.yml')], { cwd: root, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(res.status).not.toBe(0);
    expect(res.stdout + res.stderr).toMatch(/must NOT have additional properties/);
  });

  it('has Redis with AOF and noeviction, PostgreSQL, both with health checks', () => {
    const redis = services['redis']!;
    expect(redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(redis.healthcheck?.test.join(' ')).toMatch(/redis-cli ping/);
    expect(services['postgres']!.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it('runs workers that scale (no fixed name or host port, restart policy) and a one-shot schedule', () => {
    const worker = services['worker']!;
    expect(worker.command?.[0]).toBe('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(worker.restart).toBe('unless-stopped');
    expect(worker.depends_on?.['redis']?.condition).toBe('service_healthy');
    expect(services['schedule']!.command).toEqual(['schedule']);
    expect(services['schedule']!.restart).toBe('no');
  });

  it('serves the dashboard and metrics with a token and health checks on every long-running service', () => {
    expect(services['serve']!.command?.[0]).toBe('serve');
    for (const name of ['worker', 'serve']) {
      const s = services[name]!;
      expect(s.environment?.['SERVE_TOKEN'], name).toMatch(/^\$\{SERVE_TOKEN:\?/);
      expect(s.healthcheck?.test.join(' '), name).toMatch(/healthz|readyz/);
    }
    expect(services['worker']!.command).toEqual(['worker', '--metrics-port', '9464']);
  });

  it('sets only variables the config module knows', () => {
    const known = new Set<string>(Object.values(settings).map(([env]) => env));
    for (const [name, service] of ours) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(known.has(variable), `${name}: ${variable}`).toBe(true);
      }
    }
  });

  it.each(ours.map(([name, s]) => [name, s.command ?? ['worker']] as const))(
    'service %s runs a command that exists outside Docker, with options it accepts (%j)',
    (_name, command) => {
      const res = cli([...command, '--help']);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
    },
  );
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('is multi-stage on Node 24, production dependencies only, compiler only in the build stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:24[-\w.]*/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(stages[0]).toMatch(/g\+\+/);
    expect(runtime).not.toMatch(/apt-get|g\+\+|make|python3/);
  });

  it('runs as a non-root user with the CLI as entry point', () => {
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(runtime).toMatch(/ENTRYPOINT \["node", "bin\/donga-ingest\.js"\]/);
  });

  it('copies everything the CLI imports at run time', () => {
    const copied = [...runtime.matchAll(/^COPY (?!--from)(.+) \.\/?\S*$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    for (const needed of ['bin', 'config', 'src', 'workers', 'package.json']) expect(copied).toContain(needed);
  });
});

describe('.env.example', () => {
  it('equals `donga-ingest config --env-file` (every setting, at its default)', () => {
    expect(read('.env.example')).toBe(envTemplate());
    for (const [env] of Object.values(settings)) expect(read('.env.example')).toContain(`# ${env}=`);
  });
});
