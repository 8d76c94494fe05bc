import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../cli/main.js';
import { PARSER_VERSION } from '../../src/parse/index.js';

// In-process: none of these get as far as opening Redis, a store or a socket.
const run = (...args: string[]) => main(['node', 'donga-ingest', ...args]);

describe('donga-ingest exit codes', () => {
  let stderr: string;
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    [['no-such-command'], /unknown command/],
    [['worker', '--concurrency', '0'], /positive integer/],
    [['worker', '--queues', 'english,bogus'], /unknown queue\(s\) bogus/],
    [['demo', '--pairs', 'many'], /positive integer/],
    [['demo', '--pairs', '90000'], /1\.\.79999/],
    [['crawl', '--no-such-option'], /unknown option/],
    [['enqueue', '--no-such-option'], /unknown option/],
    [['schedule', '--no-such-option'], /unknown option/],
    [['export', '--no-such-option'], /unknown option/],
    [['replay', '--pairs', '-3'], /--pairs must be an integer/],
    [['replay', '--faults', 'apocalyptic'], /none, mild or harsh/],
    [['fixtures', 'capture'], /missing required argument/],
  ])('%j is a usage error: exit 2 with a message naming it', async (args, message) => {
    expect(await run(...args)).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--version prints the package and parser versions and exits 0', async () => {
    let out = '';
    vi.mocked(process.stdout.write).mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run('--version')).toBe(0);
    expect(out).toContain(`donga-ingest ${version} (parser ${PARSER_VERSION}, Node ${process.versions.node})`);
    out = '';
    expect(await run('-V')).toBe(0);
    expect(out).toContain(version);
  });

  it('--help exits 0', async () => {
    expect(await run('--help')).toBe(0);
    expect(await run('worker', '--help')).toBe(0);
  });
});
