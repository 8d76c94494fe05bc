import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { faultPlan, type FaultPlan, type ReplayFaults } from '../../src/replay/faults.js';
import { startReplaySite, type ReplaySite } from '../../src/replay/server.js';
import { get, koreanHref } from './helpers.js';

let site: ReplaySite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** English article paths of the site whose plan has the wanted kind. */
function pathsWith(s: ReplaySite, faults: ReplayFaults, kind: FaultPlan['kind']): string[] {
  return s.model.englishIds.map((id) => s.model.article(id)!.en.path).filter((p) => faultPlan(s.model.seed, p, 'en-article', faults).kind === kind);
}

describe('fault knobs', () => {
  it('errorRate: a path answers 5xx on its first k attempts, then 200', async () => {
    const faults = { errorRate: 0.5, errorAttempts: 3 };
    site = await startReplaySite({ pairs: 30, faults });
    const paths = pathsWith(site, faults, 'error');
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths.slice(0, 4)) {
      const plan = faultPlan(site.model.seed, path, 'en-article', faults);
      if (plan.kind !== 'error') throw new Error('unreachable');
      for (let i = 1; i <= plan.attempts; i++) expect((await get(`${site.url}${path}`)).status).toBe(plan.status);
      expect((await get(`${site.url}${path}`)).status).toBe(200);
    }
    const healthy = pathsWith(site, faults, 'none')[0]!;
    expect((await get(`${site.url}${healthy}`)).status).toBe(200);
    expect(site.stats().faults['error']).toBeGreaterThan(3);
  });

  it('rateLimit: 429 with Retry-After: 1 on the first attempt only', async () => {
    const faults = { rateLimit: 0.4 };
    site = await startReplaySite({ pairs: 20, faults });
    const path = pathsWith(site, faults, 'rate_limit')[0]!;
    const first = await get(`${site.url}${path}`);
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('1');
    expect((await get(`${site.url}${path}`)).status).toBe(200);
    site.resetAttempts();
    expect((await get(`${site.url}${path}`)).status).toBe(429);
  });

  it('maxPerSecond: requests beyond the window get 429, robots.txt never does', async () => {
    site = await startReplaySite({ pairs: 10, faults: { maxPerSecond: 1 } });
    const url = site.url;
    const statuses = await Promise.all(Array.from({ length: 5 }, () => get(`${url}/en`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect((await get(`${url}/robots.txt`)).status).toBe(200);
  });

  it('truncateRate: first attempt sends Content-Length and closes mid-body; the retry is whole', async () => {
    const faults = { truncateRate: 0.5 };
    site = await startReplaySite({ pairs: 20, faults });
    const path = pathsWith(site, faults, 'truncate')[0]!;
    const url = `${site.url}${path}`;
    const res = await request(url);
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1000);
    await expect(res.body.arrayBuffer()).rejects.toThrow();
    const ok = await get(url, { 'accept-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain('</html>');
  });

  it('truncateRate also cuts gzip bodies', async () => {
    const faults = { truncateRate: 0.5 };
    site = await startReplaySite({ pairs: 20, faults });
    const path = pathsWith(site, faults, 'truncate')[1]!;
    await expect(get(`${site.url}${path}`, { 'accept-encoding': 'gzip' })).rejects.toThrow();
    expect((await get(`${site.url}${path}`, { 'accept-encoding': 'gzip' })).status).toBe(200);
  });

  it('stallRate: first attempt stalls after the headers (client body timeout fires); the retry succeeds', async () => {
    const faults = { stallRate: 0.5 };
    site = await startReplaySite({ pairs: 20, faults });
    const path = pathsWith(site, faults, 'stall')[0]!;
    const url = `${site.url}${path}`;
    await expect(get(url, {}, { bodyTimeout: 300 })).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
    expect((await get(url)).status).toBe(200);
  });

  it('stallMs: a stalled response is cut after stallMs', async () => {
    const faults = { stallRate: 0.5, stallMs: 50 };
    site = await startReplaySite({ pairs: 20, faults });
    const path = pathsWith(site, faults, 'stall')[0]!;
    await expect(get(`${site.url}${path}`)).rejects.toThrow();
  });

  it('latency and concurrency: slow responses overlap and the peak is recorded', async () => {
    site = await startReplaySite({ pairs: 20, faults: { latencyMs: [150, 200] } });
    const s = site;
    const results = await Promise.all(s.model.englishIds.slice(0, 6).map((id) => get(s.englishUrl(id))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(s.stats().maxConcurrent).toBeGreaterThanOrEqual(2);
  });

  it('redirectLoopIds: the article URL redirects in a cycle, on every attempt', async () => {
    const probe = await startReplaySite({ pairs: 10 });
    const id = probe.model.englishIds[2]!;
    await probe.close();
    site = await startReplaySite({ pairs: 10, faults: { redirectLoopIds: [id] } });
    const url = site.englishUrl(id);
    for (let i = 0; i < 3; i++) {
      const a = await get(url);
      expect(a.status).toBe(301);
      const b = await get(new URL(a.headers['location']!, url).toString());
      expect(b.status).toBe(302);
      expect(new URL(b.headers['location']!, url).toString()).toBe(url);
    }
    expect(site.expectedOutcome(id)).toMatchObject({ kind: 'failed', code: 'redirect_loop' });
  });

  it('offSiteRedirectIds: 302 to example.invalid, always', async () => {
    const id = await startProbeId(3);
    site = await startReplaySite({ pairs: 10, faults: { offSiteRedirectIds: [id] } });
    for (let i = 0; i < 2; i++) {
      const r = await get(site.englishUrl(id));
      expect(r.status).toBe(302);
      expect(new URL(r.headers['location']!).hostname).toBe('example.invalid');
    }
    expect(site.expectedOutcome(id)).toMatchObject({ kind: 'failed', code: 'off_site' });
  });

  it('oversizedIds: the page is larger than oversizedBytes, with and without Content-Length', async () => {
    const probe = await startReplaySite({ pairs: 10 });
    const ids = probe.model.englishIds;
    await probe.close();
    const odd = ids.find((i) => Number(i) % 2 === 1)!;
    const even = ids.find((i) => Number(i) % 2 === 0)!;
    const bytes = 1024 * 1024 + 17;
    site = await startReplaySite({ pairs: 10, faults: { oversizedIds: [odd, even], oversizedBytes: bytes } });
    const announced = await get(site.englishUrl(even));
    expect(announced.headers['content-length']).toBe(String(bytes));
    expect(announced.body.length).toBe(bytes);
    const chunked = await get(site.englishUrl(odd));
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.body.length).toBe(bytes);
    expect(chunked.body.subarray(0, 200).toString()).toContain('<!DOCTYPE html>');
    expect(site.expectedOutcome(odd)).toMatchObject({ kind: 'failed', code: 'too_large' });
  });

  it('koreanLink404Ids: the 한국어 link leads to a 404, pair status korean_failed', async () => {
    const id = await startProbeId(0);
    site = await startReplaySite({ pairs: 10, faults: { koreanLink404Ids: [id] } });
    const html = (await get(site.englishUrl(id))).body.toString();
    const href = koreanHref(html)!;
    const ko = await get(new URL(href, site.englishUrl(id)).toString());
    expect(ko.status).toBe(404);
    expect(site.expectedOutcome(id)).toEqual({
      kind: 'stored',
      status: 'korean_failed',
      koreanError: { code: 'http_status', httpStatus: 404 },
      verdicts: null,
    });
    expect(site.expectedRecords().find((p) => p.id === id)).toMatchObject({ status: 'korean_failed', korean: null });
  });

  it('unavailableIds: the English page answers 404', async () => {
    const id = await startProbeId(4);
    site = await startReplaySite({ pairs: 10, faults: { unavailableIds: [id] } });
    expect((await get(site.englishUrl(id))).status).toBe(404);
    expect(site.expectedOutcome(id)).toMatchObject({ kind: 'failed', code: 'http_status', httpStatus: 404 });
  });

  it('faults are scoped to path kinds: robots.txt and the sitemap stay healthy', async () => {
    site = await startReplaySite({ pairs: 10, faults: { errorRate: 1, errorAttempts: 5 } });
    expect((await get(`${site.url}/robots.txt`)).status).toBe(200);
    expect((await get(`${site.url}/sitemap/en-articles.xml`)).status).toBe(200);
    expect((await get(`${site.url}/en`)).status).toBeGreaterThanOrEqual(500);
  });
});

async function startProbeId(index: number): Promise<string> {
  const probe = await startReplaySite({ pairs: 10 });
  const id = probe.model.englishIds[index]!;
  await probe.close();
  return id;
}
