import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseArticle, PARSER_VERSION } from '../../src/parse/index.js';
import type { ArticleParser } from '../../src/pipeline/deps.js';
import type { Article } from '../../src/records/article.js';
import { enqueueInputs } from '../../src/queue/enqueue.js';
import { runReparse, type ReparseSummary } from '../../src/reparse/run-reparse.js';
import { openRawArchive } from '../../src/store/open-store.js';
import type { RawArchive } from '../../src/store/raw-archive.js';
import type { ReplaySite } from '../../src/replay/index.js';
import { backendNames, exited, startHarness, type Harness } from '../integration/harness.js';

/** The parser of this checkout: what `donga-ingest reparse` runs. */
const current: ArticleParser = { parse: (page, lang) => parseArticle(page, { lang }), version: PARSER_VERSION };

/** The article id in a page URL (`…/<id>/<n>`). */
const idOf = (url: string) => /\/(\d+)\/\d\/?$/.exec(new URL(url).pathname)?.[1] ?? '';

/**
 * The injection point of these tests: a parser wrapped around the current one. `fail` plays the parser before a
 * fix (these English / Korean pages do not parse), `edit` a parser change that alters some records.
 */
function wrapped(version: string, opts: { failEn?: Set<string>; failKo?: Set<string>; edit?: (r: Article) => Article }): ArticleParser {
  return {
    version,
    parse(page, lang) {
      const id = idOf(page.url);
      if (lang === 'en' && opts.failEn?.has(id)) throw new ParseError('missing_title', `no headline (old parser) at ${page.url}`);
      if (lang === 'ko' && opts.failKo?.has(id)) throw new ParseError('missing_body', `no body (old parser) at ${page.url}`);
      const record = current.parse(page, lang);
      return opts.edit ? opts.edit(record) : record;
    },
  };
}

/** Runs a `donga-ingest` child to its end. */
async function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const { code } = await exited(child);
  return { code, stdout, stderr };
}

/** Ids the test breaks or edits, chosen from the replay model so they are plain pairs and link-less articles. */
function pickIds(site: ReplaySite) {
  const m = site.model;
  const plain = m.englishIds.filter((id) => m.pairStatus(id) === 'paired' && m.wiring(id) === 'own');
  const noLink = m.englishIds.filter((id) => m.pairStatus(id) === 'no_korean_link');
  const [enLinked, koBroken, t1, t2, siteChanged] = plain;
  return {
    /** English pages the old parser cannot read: one without a Korean link, one with. */
    failEn: new Set([noLink[0]!, enLinked!]),
    noLinkFailed: noLink[0]!,
    enLinked: enLinked!,
    /** The English article whose Korean page the old parser cannot read. */
    koBroken: koBroken!,
    koBrokenKoId: m.article(koBroken!)!.ko.id,
    /** Articles whose titles a later parser change edits. */
    edited: [t1!, t2!, noLink[1]!],
    /** An article the site changes after the first crawl, in a way the old parser cannot read. */
    siteChanged: siteChanged!,
  };
}

describe.each(backendNames())('reparse on %s', (backend) => {
  let h: Harness | undefined;
  let archive: RawArchive | undefined;
  afterEach(async () => {
    await archive?.close();
    await h?.close();
    h = archive = undefined;
  });

  it('rebuilds from the archive without one request: nothing when nothing changed, exactly the affected records after a parser change, failed pages once fixed', async () => {
    let ids: ReturnType<typeof pickIds> | undefined;
    h = await startHarness({
      backend,
      pairs: 30,
      parser: (site) => {
        ids = pickIds(site);
        return wrapped(`${PARSER_VERSION}-before-fix`, { failEn: ids.failEn, failKo: new Set([ids.koBrokenKoId]) });
      },
    });
    const { site, deps } = h;
    const picked = ids!;
    const old = wrapped(`${PARSER_VERSION}-before-fix`, { failEn: picked.failEn, failKo: new Set([picked.koBrokenKoId]) });
    const workers = await h.startWorkers();
    await h.crawl();
    await workers.close(5000);
    archive = await openRawArchive(h.config);
    const reparse = (parser: ArticleParser, opts: Parameters<typeof runReparse>[1] = {}) =>
      runReparse({ store: deps.store, archive: archive!, parser, now: () => new Date() }, opts);
    const cli = async (...args: string[]) => {
      const r = await output(h!.spawnCli(['reparse', ...args]));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout;
    };

    // The crawl with the old parser: two English pages and one Korean page failed to parse.
    const expected = site.expectedRecords().length;
    const crawled = await deps.store.countPairs();
    expect(crawled.total).toBe(expected - 2);
    const enUrl = (id: string) => site.englishUrl(id);
    const failures0 = await deps.store.listFailures();
    expect(failures0.map((f) => [f.lang, f.code]).sort()).toEqual([
      ['en', 'missing_title'],
      ['en', 'missing_title'],
      ['ko', 'missing_body'],
    ]);
    expect((await deps.store.getPair(`en-${picked.koBroken}`))?.pairing).toMatchObject({ status: 'korean_failed', error: { code: 'missing_body' } });
    // The pipeline kept the url → bytes link of the page that did not parse (record null: a 304 never reuses it).
    const failedCache = await deps.store.getPageCache(enUrl(picked.noLinkFailed));
    expect(failedCache?.record).toBeNull();
    expect((await archive.get(failedCache!.bodySha256))?.meta.url).toBe(enUrl(picked.noLinkFailed));

    site.resetStats();
    const revisionsOf = async () => Object.fromEntries((await deps.store.listPairs()).map((p) => [p.pairId, p.revision]));
    const before = await revisionsOf();

    // 1. The same parser again: every pair unchanged, the failures stand as they were (rows not even rewritten).
    const same = await reparse(old);
    expect(same).toMatchObject({ unchanged: crawled.total, revised: 0, newPairs: 0, changes: [], failuresCleared: 0, needsCrawl: [] });
    expect(same.stillFailing.map((f) => f.code).sort()).toEqual(['missing_body', 'missing_title', 'missing_title']);
    expect(await deps.store.listFailures()).toEqual(failures0);
    expect(await revisionsOf()).toEqual(before);

    // 2. --dry-run with the fixed (current) parser: says what it would do, writes nothing.
    const dry = await cli('--dry-run');
    expect(dry).toMatch(/unchanged: +\d+/);
    expect(dry).toMatch(/revised: +1 \(would be\)/);
    expect(dry).toMatch(/new pairs: +1 \(would be\)/);
    expect(dry).toContain(`en-${picked.koBroken}  new revision: korean, pairing.`);
    expect(dry).toContain(`en-${picked.noLinkFailed}  new (no_korean_link)`);
    expect(dry).toContain(`left for a crawl (1;`);
    expect(await deps.store.countPairs()).toEqual(crawled);
    expect(await deps.store.listFailures()).toEqual(failures0);
    expect(await revisionsOf()).toEqual(before);
    expect((await deps.store.getPageCache(enUrl(picked.noLinkFailed)))?.record).toBeNull();

    // 3. --failed-only: only the failed pages and their pairs are touched.
    const fixed = await cli('--failed-only');
    expect(fixed).toContain(' 3 examined');
    expect(fixed).toMatch(/revised: +1\n/);
    expect(fixed).toMatch(/new pairs: +1\n/);
    expect(fixed).toContain(`en-${picked.koBroken}  revision 2: korean, pairing.`);
    // The English page with a Korean link parses now, but its Korean page was never fetched: left for a crawl.
    expect(fixed).toContain(`en-${picked.enLinked}  ${enUrl(picked.enLinked)}  (Korean page not archived)`);
    const afterFix = await revisionsOf();
    expect(afterFix).toEqual({ ...before, [`en-${picked.koBroken}`]: 2, [`en-${picked.noLinkFailed}`]: 1 });
    expect((await deps.store.getPair(`en-${picked.koBroken}`))?.pairing.status).toBe('paired');
    expect((await deps.store.getPair(`en-${picked.noLinkFailed}`))?.pairing.status).toBe('no_korean_link');
    // Failure rows of the pages that parse now are gone; the one left for a crawl keeps its row as its trace.
    expect((await deps.store.listFailures()).map((f) => f.url)).toEqual([enUrl(picked.enLinked)]);
    // The page cache holds the new records, so a later 304 reuses them.
    const koUrl = (await deps.store.getPair(`en-${picked.koBroken}`))!.pairing.koreanUrl!;
    expect(await deps.store.getPageCache(koUrl)).toMatchObject({ parserVersion: PARSER_VERSION, record: { lang: 'ko' } });
    expect(await deps.store.getPageCache(enUrl(picked.noLinkFailed))).toMatchObject({ parserVersion: PARSER_VERSION, record: { lang: 'en' } });

    // 4. The whole store with the current parser: nothing left to change.
    const full = await cli();
    expect(full).toMatch(/revised: +0\n/);
    expect(full).toMatch(/new pairs: +0\n/);
    expect(full).toMatch(new RegExp(`unchanged: +${crawled.total + 1}\\n`));
    expect(await revisionsOf()).toEqual(afterFix);

    // 5. A parser change that edits some titles: new revisions for exactly those pairs; a re-run changes nothing.
    const edited = new Set(picked.edited);
    const retitle = (tag: string) =>
      wrapped(`${PARSER_VERSION}-${tag}`, { edit: (r) => (r.lang === 'en' && edited.has(r.articleId) ? { ...r, title: `${r.title} (${tag})` } : r) });
    const changed: ReparseSummary = await reparse(retitle('t1'));
    expect(changed.changes.map((c) => c.pairId).sort()).toEqual(picked.edited.map((id) => `en-${id}`).sort());
    for (const c of changed.changes) expect(c).toMatchObject({ kind: 'revised', fields: expect.arrayContaining(['english.title']) as unknown });
    expect(changed.unchanged).toBe(crawled.total + 1 - edited.size);
    for (const id of picked.edited) expect((await deps.store.getPair(`en-${id}`))?.english.title).toMatch(/ \(t1\)$/);
    const again = await reparse(retitle('t1'));
    expect(again).toMatchObject({ revised: 0, newPairs: 0, unchanged: crawled.total + 1 });

    // 6. --since/--until: only the articles of that day.
    const day = /\/(\d{4})(\d{2})(\d{2})\//.exec(enUrl(picked.edited[0]!))!.slice(1).join('-');
    const ofDay = (await deps.store.listPairs()).filter((p) => p.english.url.includes(`/${day.replaceAll('-', '')}/`));
    const windowed = await reparse(retitle('t2'), { since: day, until: day });
    // The stored pairs of that day, and the failed page left for a crawl when it is of that day.
    const orphanOfDay = enUrl(picked.enLinked).includes(`/${day.replaceAll('-', '')}/`) ? 1 : 0;
    expect(windowed.examined).toBe(ofDay.length + orphanOfDay);
    expect(windowed.needsCrawl).toHaveLength(orphanOfDay);
    expect(windowed.changes.map((c) => c.pairId).sort()).toEqual(
      ofDay
        .map((p) => p.pairId)
        .filter((p) => edited.has(p.slice(3)))
        .sort(),
    );

    // Not one request reached the site in all of it.
    expect(site.stats().requests).toBe(0);

    // 7. The loop this is for: the site changes a stored article, and the parser of the crawl cannot read the new
    // page. The pair keeps its old record, the failure is recorded, and the new bytes are archived and linked.
    const x = picked.siteChanged;
    site.updateArticle(x, { enTitle: 'A changed headline the old parser cannot find' });
    picked.failEn.add(x);
    const recrawl = await h.startWorkers();
    const forced = await enqueueInputs({ inputs: [enUrl(x)], force: true }, { config: h.config, producer: deps.producer, resolveId: async () => null });
    expect(forced.ok).toBe(true);
    await h.idle();
    await recrawl.close(5000);
    const storedX = (await deps.store.getPair(`en-${x}`))!;
    expect(storedX.revision).toBe(1);
    const newBytes = (await deps.store.getPageCache(enUrl(x)))!;
    expect(newBytes.record).toBeNull();
    expect(newBytes.bodySha256).not.toBe(storedX.provenance.english.bodySha256);
    expect((await deps.store.listFailures()).map((f) => [f.url, f.code])).toContainEqual([enUrl(x), 'missing_title']);
    site.resetStats();
    // The fixed parser (the current one) rebuilds the pair from the newest archived bytes.
    const caughtUp = await reparse(current, { failedOnly: true });
    expect(caughtUp.changes).toEqual([
      { pairId: `en-${x}`, kind: 'revised', revision: 2, status: storedX.pairing.status, fields: expect.arrayContaining(['english.title']) as unknown },
    ]);
    const rebuilt = (await deps.store.getPair(`en-${x}`))!;
    expect(rebuilt.english.title).toBe('A changed headline the old parser cannot find');
    expect(rebuilt.provenance.english).toMatchObject({ bodySha256: newBytes.bodySha256, fetchedAt: newBytes.fetchedAt, fetchedUrl: enUrl(x) });
    expect(rebuilt.provenance.korean).toEqual(storedX.provenance.korean);
    expect((await deps.store.listFailures()).map((f) => f.url)).toEqual([enUrl(picked.enLinked)]);

    // 8. Interrupted runs resume by running again: the pairs done before the stop are unchanged the second time.
    const stop = new AbortController();
    const part = await reparse(retitle('t3'), { pageSize: 4, signal: stop.signal, onProgress: (done) => done === 9 && stop.abort() });
    expect(part.interruptedAfter).toMatch(/^en-\d+$/);
    expect(part.examined).toBe(9);
    const rest = await reparse(retitle('t3'));
    expect(rest.interruptedAfter).toBeNull();
    const doneFirst = part.changes.map((c) => c.pairId);
    expect(rest.changes.map((c) => c.pairId).filter((p) => doneFirst.includes(p))).toEqual([]);
    expect([...doneFirst, ...rest.changes.map((c) => c.pairId)].sort()).toEqual(picked.edited.map((id) => `en-${id}`).sort());
    expect(site.stats().requests).toBe(0);
  });
});
