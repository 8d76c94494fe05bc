import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { IngestError } from '../../src/errors.js';
import { parseExportDay, parsePairStatus, type ExportFilter } from '../../src/export/export-filter.js';
import { DEFAULT_EXPORT_FORMATS, EXPORT_FORMATS, SENTENCE_FORMATS, type ExportFileSummary, type ExportFormat } from '../../src/export/export-sink.js';
import { formatCursor, MANIFEST_FILE, parseCursor, runExport, type ExportSummary } from '../../src/export/run-export.js';
import { DEFAULT_TRAINING_VERDICTS, parseVerdicts, VERDICT_CLASSES, type VerdictClass } from '../../src/export/verdict-filter.js';
import { DEFAULT_SENTENCE_EXPORT, type SentenceExportOptions } from '../../src/export/sentence-text.js';
import { PAIR_STATUSES } from '../../src/store/pair-store.js';
import { openStore, sqlitePath } from '../../src/store/open-store.js';
import { dataDirProblem, dirProblem, makeDir } from '../usable-dir.js';
import type { RegisterCommand } from '../register-command.js';

export interface ExportCliOptions {
  out?: string;
  format?: string;
  status?: string;
  since?: string;
  until?: string;
  minScore?: string;
  mergeBeads?: boolean;
  verdict?: string;
  after?: string;
}

export interface ParsedExportOptions {
  out: string | undefined;
  formats: ExportFormat[];
  filter: ExportFilter;
  /** Which sentence beads `tmx-sent` and `moses` write. */
  sentences: SentenceExportOptions;
  /** Verdicts admitted to the training files. */
  verdicts: VerdictClass[];
  /** Incremental export cursor, when given. */
  after: number | undefined;
}

/** Validates the option values; every problem names its option. Pure. */
export function parseExportOptions(opts: ExportCliOptions): { ok: true; value: ParsedExportOptions } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const formats = new Set<ExportFormat>();
  for (const f of (opts.format ?? DEFAULT_EXPORT_FORMATS.join(',')).split(',').map((s) => s.trim())) {
    if (f === 'all') for (const x of EXPORT_FORMATS) formats.add(x);
    else if ((EXPORT_FORMATS as readonly string[]).includes(f)) formats.add(f as ExportFormat);
    else problems.push(`--format: expected ${[...EXPORT_FORMATS, 'all'].join(', ')} (comma-separated), got ${JSON.stringify(f)}`);
  }
  const filter: ExportFilter = {};
  if (opts.status !== undefined) {
    const status = parsePairStatus(opts.status);
    if (status) filter.status = status;
    else problems.push(`--status: expected ${PAIR_STATUSES.join(', ')}, got ${JSON.stringify(opts.status)}`);
  }
  for (const key of ['since', 'until'] as const) {
    const raw = opts[key];
    if (raw === undefined) continue;
    const day = parseExportDay(raw);
    if (day) filter[key] = day;
    else problems.push(`--${key}: expected a calendar day YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  }
  if (filter.since && filter.until && filter.since > filter.until) {
    problems.push(`--since ${filter.since} is after --until ${filter.until}`);
  }
  if (opts.out !== undefined && opts.out.trim() === '') problems.push('--out: must not be empty');
  const sentences: SentenceExportOptions = { ...DEFAULT_SENTENCE_EXPORT };
  if (opts.minScore !== undefined) {
    const score = opts.minScore.trim() === '' ? NaN : Number(opts.minScore);
    if (score >= 0 && score <= 1) sentences.minScore = score;
    else problems.push(`--min-score: expected a number from 0 to 1, got ${JSON.stringify(opts.minScore)}`);
  }
  if (opts.mergeBeads) sentences.mergeOneToMany = true;
  let verdicts = [...DEFAULT_TRAINING_VERDICTS];
  if (opts.verdict !== undefined) {
    const v = parseVerdicts(opts.verdict);
    if (v.ok) verdicts = v.value;
    else problems.push(`--verdict: ${v.problem}`);
  }
  let after: number | undefined;
  if (opts.after !== undefined) {
    const c = parseCursor(opts.after);
    if (c === null)
      problems.push(`--after: expected a cursor (the nextCursor of an earlier export's manifest.json, a whole number), got ${JSON.stringify(opts.after)}`);
    else after = c;
  }
  const sentenceFormat = [...formats].some((f) => SENTENCE_FORMATS.includes(f));
  for (const [flag, given] of [
    ['--min-score', opts.minScore !== undefined],
    ['--merge-beads', opts.mergeBeads === true],
  ] as const) {
    if (given && !sentenceFormat && formats.size) problems.push(`${flag}: only applies to --format ${SENTENCE_FORMATS.join(' or ')}`);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { out: opts.out, formats: [...formats], filter, sentences, verdicts, after } };
}

/** What one sentence-format file holds, in words. Pure. */
function sentenceCountsLine(c: Record<string, number>, unit: string): string {
  const n = (k: string) => c[k] ?? 0;
  const parts = [
    `${n('segments')} ${unit} from ${n('pairs')} of ${n('pairsAligned')} aligned pairs`,
    `skipped beads: ${n('skippedLowScore')} below --min-score, ${n('skippedInsertDelete')} 1-0/0-1, ${n('skippedManyToMany')} many-to-many`,
  ];
  if (n('skippedEmpty')) parts.push(`${n('skippedEmpty')} empty`);
  if (n('pairsTooLarge')) parts.push(`${n('pairsTooLarge')} pairs too long to align`);
  return parts.join('; ');
}

/** The name shown for a file entry: Moses writes three files. */
function shownName(f: ExportFileSummary): string {
  if (!f.files) return f.file;
  const stem = f.file.slice(0, f.file.lastIndexOf('.') + 1);
  return f.files.every((n) => n.startsWith(stem)) ? `${stem}{${f.files.map((n) => n.slice(stem.length)).join(',')}}` : f.files.join(', ');
}

/** Human-readable lines about an export: one per file with its counts. Pure. */
export function formatExportSummary(s: ExportSummary): string[] {
  const by = s.selected.byStatus;
  const since = s.cursor.after === null ? '' : ` changed since cursor ${formatCursor(s.cursor.after)}`;
  const v = s.byVerdict;
  const lines = [
    `exported ${s.selected.total} pairs${since} (paired ${by.paired}, no_korean_link ${by.no_korean_link}, korean_failed ${by.korean_failed}) to ${s.outDir}`,
    `verdicts of paired pairs: ${VERDICT_CLASSES.map((k) => `${k} ${v[k]}`).join(', ')}; ${s.excludedByVerdict} left out of the training files by --verdict`,
  ];
  const width = Math.max(MANIFEST_FILE.length, ...s.files.map((f) => shownName(f).length));
  for (const f of s.files) {
    const c = f.counts;
    const what =
      f.format === 'jsonl'
        ? `${c['pairs'] ?? 0} pairs`
        : f.format === 'hf'
          ? `${c['documents'] ?? 0} documents (paired only)`
          : f.format === 'tmx'
            ? `${c['units'] ?? 0} paragraph units from ${c['pairs'] ?? 0} pairs; skipped ${c['skippedParagraphMismatch'] ?? 0} pairs (paragraph counts differ)`
            : f.format === 'parquet'
              ? c['documents'] !== undefined
                ? `${c['documents']} documents (paired only, translation struct)`
                : `${c['pairs'] ?? 0} pairs`
              : sentenceCountsLine(c, f.format === 'moses' ? 'lines' : 'sentence units');
    lines.push(`  ${shownName(f).padEnd(width)}  ${what}`);
  }
  lines.push(`  ${MANIFEST_FILE.padEnd(width)}  filters, counts, schema ids and nextCursor ${formatCursor(s.cursor.next)}`);
  if (s.outsideDays) lines.push(`skipped ${s.outsideDays} pairs outside --since/--until`);
  if (s.invalid) lines.push(`skipped ${s.invalid} stored records that no longer fit the record schema`);
  return lines;
}

/** Store and file-system errors are the user's to fix (permissions, disk full, database down): a message, no stack. */
function isUserFacing(err: unknown): err is Error {
  return err instanceof IngestError || (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string');
}

/** Why there is no SQLite archive to export at `file`, or null when there is one. */
export function missingArchive(file: string): string | null {
  let st;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR (DATA_DIR names a file) is named by dataDirProblem first; anything else when the store is opened.
    return null;
  }
  if (!st) return `no archive at ${file}: no such file; set DATA_DIR to the data directory of a crawl (e.g. ./data/demo)`;
  if (!st.isFile()) return `no archive at ${file}: not a file; set DATA_DIR to the data directory of a crawl (e.g. ./data/demo)`;
  return null;
}

function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * `donga-ingest export`: pairs.jsonl (every stored pair), docs.jsonl (Hugging Face Translation rows) and a
 * paragraph TMX by default; on request a sentence TMX and Moses files from the sentence aligner. Written atomically
 * into `--out` (default `<DATA_DIR>/export`). Bad option values exit 2.
 */
export const registerExport: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('export the archive: pairs.jsonl, docs.jsonl (Hugging Face), TMX 1.4 (paragraphs or sentences), Moses text and Parquet, plus manifest.json')
    .option('--out <dir>', 'output directory (default <DATA_DIR>/export)')
    .option('--format <formats>', `${[...EXPORT_FORMATS, 'all'].join(' | ')}, or a comma-separated list (default ${DEFAULT_EXPORT_FORMATS.join(',')})`)
    .option('--status <status>', `only pairs with this status: ${PAIR_STATUSES.join(' | ')} (default all)`)
    .option('--since <day>', 'only English articles published on or after this day (YYYY-MM-DD, Korea time)')
    .option('--until <day>', 'only English articles published on or before this day (YYYY-MM-DD, Korea time)')
    .option('--min-score <score>', `tmx-sent/moses: lowest sentence-bead score written, 0 to 1 (default ${DEFAULT_SENTENCE_EXPORT.minScore})`)
    .option('--merge-beads', 'tmx-sent/moses: also write 1-2 and 2-1 beads, joining the two sentences with a space')
    .option(
      '--verdict <verdicts>',
      `training files (docs, TMX, Moses, docs.parquet) take only pairs with these verdicts: ${[...VERDICT_CLASSES, 'all'].join(' | ')}, comma-separated (default ${DEFAULT_TRAINING_VERDICTS.join(',')}); pairs files keep every pair`,
    )
    .option('--after <cursor>', "only pairs written since this cursor (an earlier export's nextCursor in manifest.json)")
    .action(async (opts: ExportCliOptions) => {
      const parsed = parseExportOptions(opts);
      if (!parsed.ok) {
        for (const p of parsed.problems) process.stderr.write(`export: ${p}\n`);
        ctx.exitCode = 2;
        return;
      }
      const config = loadConfig();
      const outDir = resolve(parsed.value.out ?? join(config.dataDir, 'export'));
      // Opening SQLite creates a missing database: a mistyped DATA_DIR would export an empty archive and exit 0.
      // A DATA_DIR or --out that cannot be written (a file, /proc, read-only) is named before anything is created.
      const outProblem = dirProblem(outDir);
      const problem =
        (config.databaseUrl ? null : (dataDirProblem(config) ?? missingArchive(resolve(sqlitePath(config))))) ??
        (outProblem ? `${parsed.value.out === undefined ? `DATA_DIR=${config.dataDir} (export folder)` : `--out ${parsed.value.out}`}: ${outProblem}` : null);
      if (problem) {
        process.stderr.write(`export: ${problem}\n`);
        ctx.exitCode = 1;
        return;
      }
      let store;
      try {
        store = await openStore(config);
      } catch (err) {
        if (!isUserFacing(err)) throw err;
        process.stderr.write(`export: cannot open the store: ${err.message}\n`);
        ctx.exitCode = 1;
        return;
      }
      try {
        makeDir(outDir);
        const summary = await runExport(store, {
          outDir,
          formats: parsed.value.formats,
          filter: parsed.value.filter,
          sentences: parsed.value.sentences,
          verdicts: parsed.value.verdicts,
          after: parsed.value.after,
          toolVersion: toolVersion(),
          now: new Date().toISOString(),
        });
        for (const line of formatExportSummary(summary)) process.stdout.write(`${line}\n`);
      } catch (err) {
        if (!isUserFacing(err)) throw err;
        process.stderr.write(`export failed: ${err.message}\n`);
        ctx.exitCode = 1;
      } finally {
        await store.close();
      }
    });
};
