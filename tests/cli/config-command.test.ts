import { afterEach, describe, expect, it, vi } from 'vitest';
import { settings } from '../../config/config.js';
import { main } from '../../cli/main.js';

describe('donga-ingest config', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('prints every setting by its environment variable, passwords hidden', async () => {
    vi.stubEnv('REDIS_URL', 'redis://:s3cret@redis.internal:6380');
    vi.stubEnv('DATABASE_URL', 'postgres://ingest:hunter2@db.internal/donga');
    vi.stubEnv('WORKER_CONCURRENCY', '6');
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await main(['node', 'donga-ingest', 'config'])).toBe(0);
    const shown = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(shown)).toEqual(Object.values(settings).map(([env]) => env));
    expect(shown['REDIS_URL']).toBe('redis://:***@redis.internal:6380');
    expect(shown['DATABASE_URL']).toBe('postgres://ingest:***@db.internal/donga');
    expect(shown['WORKER_CONCURRENCY']).toBe(6);
    expect(out).not.toMatch(/s3cret|hunter2/);
  });
});
