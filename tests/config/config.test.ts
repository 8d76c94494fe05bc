import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, allowedHosts, configEnv, loadConfig, settings, userAgentHeader } from '../../config/config.js';
import { configTableMarkdown } from '../../cli/commands/config.js';
import { CONFIG_TABLE_PAGES, ROOT } from '../docs/doc-pages.js';

describe('loadConfig', () => {
  it('has a default for every setting except the optional ones', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.ratePerSecond).toBe(1);
    expect(c.scheduleCron).toBe('*/30 * * * *');
    expect(c.scheduleTz).toBe('Asia/Seoul');
    expect(c.startPaths).toEqual(['/en']);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads environment variables and coerces them', () => {
    const c = loadConfig({ RATE_PER_SECOND: '2.5', OBEY_ROBOTS: 'no', START_PATHS: '/en, /en/List/Politics', WORKER_CONCURRENCY: '8' });
    expect(c.ratePerSecond).toBe(2.5);
    expect(c.obeyRobots).toBe(false);
    expect(c.startPaths).toEqual(['/en', '/en/List/Politics']);
    expect(c.concurrency).toBe(8);
  });

  it('lists every bad value at once, each naming its variable', () => {
    let err: unknown;
    try {
      loadConfig({ RATE_PER_SECOND: 'fast', REDIS_URL: 'http://x', WORKER_CONCURRENCY: '0', SITE_URL: 'ftp://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['RATE_PER_SECOND', 'REDIS_URL', 'WORKER_CONCURRENCY', 'SITE_URL']) expect(problems).toContain(name);
  });

  it('lets explicit overrides win over the environment', () => {
    expect(loadConfig({ RATE_PER_SECOND: '3' }, { ratePerSecond: 50 }).ratePerSecond).toBe(50);
  });

  it('allows www.donga.com, the base URL host and extra hosts', () => {
    const c = loadConfig({ SITE_URL: 'http://127.0.0.1:8080', ALLOWED_HOSTS: 'Example.org' });
    expect([...allowedHosts(c)].sort()).toEqual(['127.0.0.1:8080', 'example.org', 'www.donga.com']);
    expect(userAgentHeader(c)).toMatch(/^donga-ingest\/\S+ \(\+https:\/\//);
  });

  it('configEnv reproduces a config in another process', () => {
    const c = loadConfig(
      {},
      {
        baseUrl: 'http://127.0.0.1:8080',
        databaseUrl: 'postgres://u:p@db/x',
        startPaths: ['/en', '/en/List/Politics'],
        extraAllowedHosts: ['cdn.example:8443'],
        obeyRobots: false,
        ratePerSecond: 2.5,
        since: '2024-03-01',
        logLevel: 'warn',
      },
    );
    const env = configEnv(c);
    expect(env['START_PATHS']).toBe('/en,/en/List/Politics');
    expect(env['OBEY_ROBOTS']).toBe('false');
    expect(loadConfig(env)).toEqual(c);
  });

  it('is documented: every variable has a line in the configuration table (README.md or docs/configuration.md)', () => {
    // The table may live in the README or a page of its own (CONFIG_TABLE_PAGES); tests/docs checks only one holds it.
    const pages = CONFIG_TABLE_PAGES.filter((p) => existsSync(join(ROOT, p))).map((p) => readFileSync(join(ROOT, p), 'utf8'));
    const docs = pages.join('\n');
    for (const [env] of Object.values(settings)) expect(docs).toContain(`| \`${env}\` |`);
    // …and the table is exactly the one the config module generates (defaults and meanings cannot drift).
    expect(pages.some((text) => text.includes(configTableMarkdown()))).toBe(true);
  });
});
