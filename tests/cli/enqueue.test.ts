import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closedPort, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'donga-enqueue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('donga-ingest enqueue: usage errors exit 2 before Redis is contacted', () => {
  it.each([
    [[], 'enqueue: nothing to enqueue: give article URLs, YYYYMMDD/<id> or ids, --file F, or --since/--until'],
    [['--since', 'yesterday'], 'enqueue: --since: expected a date YYYY-MM-DD, got "yesterday"'],
    [['20240809/5104150', '--until', ''], 'enqueue: --until: expected a date YYYY-MM-DD, got ""'],
  ])(
    '%j',
    async (args, line) => {
      // Nothing listens on REDIS_URL: had the command got as far as Redis, it would exit 1.
      const res = await runCli(['enqueue', ...args], { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, DATA_DIR: join(dir, 'never') });
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toBe(`${line}\n`);
    },
    40_000,
  );
});

describe('donga-ingest enqueue: bad inputs stay exit 1', () => {
  it('refuses an invalid input from a file with a trailing comment accepted on the valid line', async () => {
    const list = join(dir, 'list.txt');
    writeFileSync(list, '# to re-check\n20240809/5104150  # corrected headline\nftp://www.donga.com/x # wrong\n');
    const res = await runCli(['enqueue', '--file', list], { REDIS_URL: inject('redisUrl'), DATA_DIR: join(dir, 'data'), QUEUE_PREFIX: 'enqueue-cli-test' });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trimEnd().split('\n')).toEqual([
      'invalid: "ftp://www.donga.com/x": not an English article URL, YYYYMMDD/<id> or id',
      'nothing enqueued (1 invalid input)',
    ]);
  }, 40_000);
});
