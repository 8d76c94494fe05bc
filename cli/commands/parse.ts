import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isIngestError } from '../../src/errors.js';
import { decodeHtml } from '../../src/parse/decode.js';
import { guessLang, parseArticle } from '../../src/parse/index.js';
import type { RegisterCommand } from '../register-command.js';

/** `source.json` beside a fixture page: where the page came from. */
interface FixtureSource {
  url?: unknown;
  contentType?: unknown;
}

async function readSource(file: string): Promise<FixtureSource | null> {
  try {
    return JSON.parse(await readFile(join(dirname(file), 'source.json'), 'utf8')) as FixtureSource;
  } catch {
    return null;
  }
}

function printError(code: string, message: string): void {
  process.stdout.write(`${JSON.stringify({ error: code, message })}\n`);
}

/**
 * `parse <file> [--url] [--lang] [--content-type]`: parses a saved page (read as bytes, so charset
 * detection runs) and prints the record as JSON (exit 0), or `{"error","message"}` (exit 1; 2 for usage).
 */
export const registerParse: RegisterCommand = (program, ctx) => {
  program
    .command('parse')
    .description('parse a saved article page and print the normalized record as JSON')
    .argument('<file>', 'saved page (raw bytes as fetched)')
    .option('--url <page-url>', 'the page URL (default: "url" of a sibling source.json)')
    .option('--lang <lang>', 'en or ko (default: guessed from the URL, then the page)')
    .option('--content-type <header>', 'the HTTP Content-Type header the page came with')
    .action(async (file: string, opts: { url?: string; lang?: string; contentType?: string }) => {
      if (opts.lang !== undefined && opts.lang !== 'en' && opts.lang !== 'ko') {
        printError('invalid_input', `--lang must be en or ko, not ${JSON.stringify(opts.lang)}`);
        ctx.exitCode = 2;
        return;
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        printError('invalid_input', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        ctx.exitCode = 2;
        return;
      }
      const source = await readSource(file);
      const url = opts.url ?? (typeof source?.url === 'string' ? source.url : undefined);
      if (url === undefined) {
        printError('bad_url', `no page URL: pass --url <page-url> (no source.json beside ${file})`);
        ctx.exitCode = 1;
        return;
      }
      const contentType = opts.contentType ?? (typeof source?.contentType === 'string' ? source.contentType : null);
      try {
        let lang = opts.lang as 'en' | 'ko' | undefined;
        let body: Uint8Array | string = bytes;
        if (!lang && !guessLang(url)) {
          body = decodeHtml(bytes, contentType).html;
          lang = guessLang(url, body) ?? undefined;
        }
        const record = parseArticle({ body, url, contentType }, lang ? { lang } : {});
        process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
        ctx.exitCode = 0;
      } catch (err) {
        if (!isIngestError(err)) throw err;
        printError(err.code, err.message);
        ctx.exitCode = 1;
      }
    });
};
