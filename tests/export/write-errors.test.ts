import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtomicFile } from '../../src/export/atomic-file.js';
import { runExport } from '../../src/export/run-export.js';
import { samplePair } from '../pair/sample-articles.js';
import { tempStore } from './helpers.js';

/** Which handle call fails (as a full disk or a revoked permission would), for files opened while it is set. */
const failing: { call: 'write' | 'sync' | null; code: string } = { call: null, code: 'ENOSPC' };

/** An fs error as Node raises it for a call on a file handle: errno fields, and no path in it or the message. */
function handleError(call: string, code: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'permission denied';
  return Object.assign(new Error(`${code}: ${text}, ${call}`), { code, errno: code === 'ENOSPC' ? -28 : -13, syscall: call });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args) => {
    const fh = await real.open(...args);
    const call = failing.call;
    if (!call) return fh;
    const { code } = failing;
    return new Proxy(fh, {
      get(target, prop) {
        if (prop === call) return () => Promise.reject(handleError(call, code));
        const v: unknown = Reflect.get(target, prop);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  failing.call = null;
  failing.code = 'ENOSPC';
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('write errors name the file being written', () => {
  it.each([
    ['write', 'ENOSPC'],
    ['sync', 'ENOSPC'],
    ['write', 'EACCES'],
  ] as const)('%s failing with %s', async (call, code) => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    const path = join(t.dir, 'x.txt');
    writeFileSync(path, 'old\n');
    failing.call = call;
    failing.code = code;
    const f = await AtomicFile.create(path);
    const err = await f
      .write('new\n'.repeat(20_000)) // over the flush threshold: the write reaches the disk here
      .then(() => f.commit())
      .then(
        () => null,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
    expect(err?.code).toBe(code);
    expect(err?.syscall).toBe(call);
    expect(err?.message).toBe(`${handleError(call, code).message} '${path}'`);
    await f.abort();
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(t.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('an export on a full disk fails naming the file and leaves no partial files', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    await t.store.writePair(samplePair('100'));
    const outDir = join(t.dir, 'export');
    failing.call = 'sync';
    const run = runExport(t.store, { outDir, formats: ['jsonl'], toolVersion: '0.0.0', now: '2026-01-06T05:00:03.000Z' });
    await expect(run).rejects.toThrow(`ENOSPC: no space left on device, sync '${join(outDir, 'pairs.jsonl')}'`);
    expect(readdirSync(outDir)).toEqual([]);
  });
});
