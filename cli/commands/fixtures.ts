import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { loadConfig, userAgentHeader } from '../../config/config.js';
import { isIngestError } from '../../src/errors.js';
import { parseArticleUrl } from '../../src/normalize/article-url.js';
import { decodeHtml } from '../../src/parse/decode.js';
import { guessLang, parseArticle } from '../../src/parse/index.js';
import { dirProblem, makeDir } from '../usable-dir.js';
import type { RegisterCommand } from '../register-command.js';

const MAX_REDIRECTS = 5;

interface Captured {
  url: string;
  contentType: string | null;
  bytes: Buffer;
}

/** GET with manual redirects (each hop re-resolved), so the saved URL is the final one. */
async function fetchPage(url: string, userAgent: string): Promise<Captured> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const res = await request(current, {
      method: 'GET',
      headers: { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' },
      headersTimeout: 30_000,
      bodyTimeout: 60_000,
    });
    const location = res.headers['location'];
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      await res.body.dump();
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      current = new URL(location, current).toString();
      continue;
    }
    const bytes = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${current}`);
    const ct = res.headers['content-type'];
    return { url: current, contentType: typeof ct === 'string' ? ct : null, bytes };
  }
}

/** A folder name for the page: the article date and id (`20200403-1994213`), else the cleaned path. */
function defaultSlug(url: string): string {
  const a = parseArticleUrl(url);
  if (a) return `${a.ymd}-${a.articleId}`;
  const u = new URL(url);
  const s = `${u.hostname}${u.pathname}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s.slice(0, 80) || 'page';
}

/** Files whose presence marks a fixture someone may have reviewed: never overwritten without `--force`. */
const REVIEWED_FILES = ['page.html', 'expected.json'] as const;

/**
 * `fixtures capture <url>`: saves a real page as a test fixture (page.html as raw bytes, source.json)
 * plus expected.draft.json, the parser's current output, for a human to review and rename.
 * An existing fixture folder is refused unless `--force`; expected.json is never written, even then.
 */
export const registerFixtures: RegisterCommand = (program, ctx) => {
  const fixtures = program.command('fixtures').description('test fixtures from real pages');
  fixtures
    .command('capture')
    .description('fetch a page and save it as tests/fixtures/<lang>/<slug>/ with a draft expected record')
    .argument('<url>', 'http(s) URL of the page')
    .option('--lang <lang>', 'en or ko (default: guessed from the URL, then the page)')
    .option('--name <slug>', 'fixture folder name (default: from the article URL)')
    .option('--dir <dir>', 'fixtures root', 'tests/fixtures')
    .option('--force', 'overwrite page.html and source.json of an existing fixture (expected.json is never touched)')
    .action(async (url: string, opts: { lang?: string; name?: string; dir: string; force?: boolean }) => {
      const fail = (message: string, code = 2) => {
        process.stderr.write(`fixtures capture: ${message}\n`);
        ctx.exitCode = code;
      };
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return fail(`not a URL: ${url}`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(`not an http(s) URL: ${url}`);
      if (opts.lang !== undefined && opts.lang !== 'en' && opts.lang !== 'ko') return fail('--lang must be en or ko');
      if (opts.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(opts.name)) {
        return fail('--name must be a folder name (letters, digits, . _ -)');
      }

      // Checked before the fetch: a --dir that cannot be written is the user's to fix, and costs no request.
      const dirIssue = dirProblem(opts.dir);
      if (dirIssue) return fail(`--dir ${opts.dir}: ${dirIssue}`, 1);

      let page: Captured;
      try {
        page = await fetchPage(url, userAgentHeader(loadConfig()));
      } catch (err) {
        return fail(`fetch failed: ${err instanceof Error ? err.message : String(err)}`, 1);
      }
      const html = decodeHtml(page.bytes, page.contentType).html;
      const lang = (opts.lang as 'en' | 'ko' | undefined) ?? guessLang(page.url, html) ?? 'en';
      const dir = resolve(join(opts.dir, lang, opts.name ?? defaultSlug(page.url)));
      // The folder is only known after the fetch (final URL, guessed language); check it before writing anything.
      const present = REVIEWED_FILES.filter((f) => existsSync(join(dir, f)));
      if (present.length && !opts.force) {
        return fail(
          `${dir} already holds a fixture (${present.join(', ')}); nothing written. Use --force to overwrite page.html and source.json (expected.json is kept)`,
          1,
        );
      }

      let draft: unknown;
      try {
        draft = parseArticle({ body: page.bytes, url: page.url, contentType: page.contentType }, { lang });
      } catch (err) {
        if (!isIngestError(err)) throw err;
        draft = { error: err.code, message: err.message };
      }
      const source = { url: page.url, contentType: page.contentType, capturedAt: new Date().toISOString(), reconstructed: false };

      makeDir(dir);
      await writeFile(join(dir, 'page.html'), page.bytes);
      await writeFile(join(dir, 'source.json'), `${JSON.stringify(source, null, 2)}\n`);
      await writeFile(join(dir, 'expected.draft.json'), `${JSON.stringify(draft, null, 2)}\n`);
      process.stdout.write(
        [
          `wrote ${join(dir, 'page.html')} (${page.bytes.length} bytes, ${page.contentType ?? 'no content-type'})`,
          `wrote ${join(dir, 'source.json')}`,
          `wrote ${join(dir, 'expected.draft.json')}${'error' in (draft as object) ? ' (the parser failed: see "error")' : ''}`,
          present.includes('expected.json')
            ? 'expected.json was kept: compare it with expected.draft.json and update it by hand if the page changed.'
            : 'Review expected.draft.json against the page, fix it, then rename it to expected.json so the fixture test uses it.',
          '',
        ].join('\n'),
      );
      ctx.exitCode = 0;
    });
};
