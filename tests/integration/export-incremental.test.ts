import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kstYmd } from '../../src/normalize/kst-date.js';
import { backendNames, startHarness, type Harness } from './harness.js';

const DAY = 86_400_000;
const INTERVAL_MIN = 60;

function kstDay(now: number, daysAgo: number): string {
  const ymd = kstYmd(new Date(now - daysAgo * DAY));
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`;
}

const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON records read field by field
    .map((l) => JSON.parse(l) as Record<string, any>);

/**
 * Incremental export end to end: a crawl, a full export (its manifest gives the cursor), a correction of one Korean
 * original on the replay site, a second crawl (the refresh recheck picks the correction up as revision 2), then
 * `export --after <cursor>` through the real CLI: exactly the corrected pair, and then nothing more.
 */
describe.each(backendNames())('incremental export after a correction on %s', (backend) => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('export --after the first export’s nextCursor writes exactly the corrected pair', async () => {
    // Noon Korea time today, as in the refresh test: moving one slot on never crosses Korean midnight.
    let now = Math.floor((Date.now() + 9 * 3_600_000) / DAY) * DAY - 9 * 3_600_000 + 12 * 3_600_000;
    h = await startHarness({
      backend,
      pairs: 8,
      site: { startDate: kstDay(now, 1), perDay: 4 },
      now: () => new Date(now),
      overrides: { refreshDays: 2, refreshIntervalMinutes: INTERVAL_MIN },
    });
    const harness = h;
    const out = mkdtempSync(join(tmpdir(), 'donga-incr-'));
    dirs.push(out);
    const exportCli = async (dir: string, args: string[]) => {
      const child = harness.spawnCli(['export', '--out', join(out, dir), '--format', 'jsonl,hf,parquet', '--verdict', 'all', ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(stderr).toBe('');
      expect(code).toBe(0);
      // biome-ignore lint/suspicious/noExplicitAny: parsed JSON records read field by field
      return { stdout, manifest: JSON.parse(readFileSync(join(out, dir, 'manifest.json'), 'utf8')) as Record<string, any> };
    };

    await h.startWorkers();
    await h.crawl();
    const stored = (await h.deps.store.countPairs()).total;
    expect(stored).toBe(h.site.expectedRecords().length);
    const full = await exportCli('full', []);
    expect(jsonl(join(out, 'full', 'pairs.jsonl'))).toHaveLength(stored);
    expect(full.manifest['nextCursor']).toBe(String(stored));
    expect(full.manifest['incremental']['after']).toBeNull();

    // Nothing changed yet: an export after the cursor is empty, and hands back the same cursor.
    const none = await exportCli('none', ['--after', full.manifest['nextCursor']]);
    expect(jsonl(join(out, 'none', 'pairs.jsonl'))).toEqual([]);
    expect(none.manifest['nextCursor']).toBe(full.manifest['nextCursor']);

    // The Korean original of one paired article is corrected; the next slot's recheck stores revision 2.
    const paired = h.site.model.englishIds.filter((id) => h!.site.model.pairStatus(id) === 'paired');
    const corrected = paired[0]!;
    h.site.updateArticle(corrected, { koTitle: '정정된 제목' });
    now += INTERVAL_MIN * 60_000;
    await h.crawl();
    expect((await h.deps.store.getPair(`en-${corrected}`))!.revision).toBe(2);

    const incr = await exportCli('incr', ['--after', full.manifest['nextCursor']]);
    const lines = jsonl(join(out, 'incr', 'pairs.jsonl'));
    expect(lines.map((l) => [l['pairId'], l['revision']])).toEqual([[`en-${corrected}`, 2]]);
    expect(lines[0]!['korean']['title']).toBe('정정된 제목');
    expect(lines[0]!['change']).toBe(stored + 1);
    expect(jsonl(join(out, 'incr', 'docs.jsonl')).map((d) => d['id'])).toEqual([`en-${corrected}`]);
    expect(incr.manifest['incremental']['after']).toBe(full.manifest['nextCursor']);
    expect(incr.manifest['nextCursor']).toBe(String(stored + 1));
    expect(incr.manifest['selected']['total']).toBe(1);
    expect(incr.manifest['files'].find((f: { file: string }) => f.file === 'pairs.parquet').counts).toEqual({ pairs: 1 });
    expect(incr.stdout).toContain(`exported 1 pairs changed since cursor ${full.manifest['nextCursor']}`);

    // And after that cursor, nothing again.
    const after = await exportCli('after', ['--after', incr.manifest['nextCursor']]);
    expect(jsonl(join(out, 'after', 'pairs.jsonl'))).toEqual([]);
    expect(after.manifest['nextCursor']).toBe(incr.manifest['nextCursor']);
  });
});
