import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../../config/config.js';
import { IngestError } from '../../src/errors.js';
import { progressBarAllowed } from '../../src/log.js';
import { parseExportDay } from '../../src/export/export-filter.js';
import { parseLimits } from '../../src/pipeline/deps.js';
import { defaultParser } from '../../src/pipeline/open-deps.js';
import { formatReparseSummary, runReparse } from '../../src/reparse/run-reparse.js';
import { openRawArchive, openStore, sqlitePath } from '../../src/store/open-store.js';
import { dataDirProblem } from '../usable-dir.js';
import { missingArchive } from './export.js';
import type { RegisterCommand } from '../register-command.js';

interface ReparseCliOptions {
  since?: string;
  until?: string;
  failedOnly?: boolean;
  dryRun?: boolean;
}

/** Validated options, or every problem naming its option. Pure. */
export function parseReparseOptions(opts: ReparseCliOptions): { ok: true; since?: string; until?: string } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const days: { since?: string; until?: string } = {};
  for (const key of ['since', 'until'] as const) {
    const raw = opts[key];
    if (raw === undefined) continue;
    const day = parseExportDay(raw);
    if (day) days[key] = day;
    else problems.push(`--${key}: expected a calendar day YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  }
  if (days.since && days.until && days.since > days.until) problems.push(`--since ${days.since} is after --until ${days.until}`);
  return problems.length ? { ok: false, problems } : { ok: true, ...days };
}

/**
 * `donga-ingest reparse [--since D] [--until D] [--failed-only] [--dry-run]`: rebuilds stored records from the raw
 * archive with the current parser after a parser fix; no request to the site, no Redis. Bad options exit 2; a
 * missing SQLite archive exits 1 (nothing is created). SIGINT stops after the current pair with the summary so far.
 */
export const registerReparse: RegisterCommand = (program, ctx) => {
  program
    .command('reparse')
    .description('rebuild stored records from the raw page archive with the current parser (no request to the site)')
    .option('--since <day>', 'only articles whose English URL date is on or after this day (YYYY-MM-DD)')
    .option('--until <day>', 'only articles whose English URL date is on or before this day (YYYY-MM-DD)')
    .option('--failed-only', 'only pages with a parse failure recorded (and their pairs)')
    .option('--dry-run', 'report what would change; write nothing')
    .action(async (opts: ReparseCliOptions) => {
      const parsed = parseReparseOptions(opts);
      if (!parsed.ok) {
        for (const p of parsed.problems) process.stderr.write(`reparse: ${p}\n`);
        ctx.exitCode = 2;
        return;
      }
      const config = loadConfig();
      const problem = config.databaseUrl ? null : (dataDirProblem(config) ?? missingArchive(resolve(sqlitePath(config))));
      if (problem) {
        process.stderr.write(`reparse: ${problem}\n`);
        ctx.exitCode = 1;
        return;
      }
      const store = await openStore(config);
      let archive;
      try {
        archive = await openRawArchive(config);
      } catch (err) {
        await store.close();
        throw err;
      }
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      process.once('SIGINT', onSigint);
      // A bar only for a person watching: logs and pipes get the summary alone.
      const bar = progressBarAllowed() ? new SingleBar({ format: 'reparse [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true }) : null;
      try {
        bar?.start(1, 0);
        const summary = await runReparse(
          { store, archive, parser: await defaultParser(), limits: parseLimits(config), now: () => new Date() },
          {
            since: parsed.since,
            until: parsed.until,
            failedOnly: opts.failedOnly === true,
            dryRun: opts.dryRun === true,
            signal: stop.signal,
            onProgress: (done, total) => {
              bar?.setTotal(Math.max(1, total));
              bar?.update(done);
            },
          },
        );
        bar?.stop();
        for (const line of formatReparseSummary(summary)) process.stdout.write(`${line}\n`);
        if (summary.interruptedAfter !== null) ctx.exitCode = 1;
      } catch (err) {
        bar?.stop();
        if (!(err instanceof IngestError)) throw err;
        process.stderr.write(`reparse failed: ${err.code}: ${err.message}\n`);
        ctx.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
        await archive.close();
        await store.close();
      }
    });
};
