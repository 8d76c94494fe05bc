/**
 * Parquet writer comparison (`node bin/run-ts.js bench/parquet.bench.ts [--rows 100000] [--modules DIR] [--libs a,b]`):
 * writes the docs layout (id, `translation` struct {en, ko}, metadata columns) of `--rows` synthetic pairs of
 * realistic size (bench/synthetic-pairs.ts) in row groups of 1,000, each library in its own process, and prints
 * file size, wall time, rows/s and peak RSS; then reads every file back with hyparquet to check the row count and
 * the first and last rows. Candidates that are not dependencies of the project are loaded from `--modules`, a
 * scratch node_modules (e.g. `npm install --prefix /tmp/pq hyparquet-writer parquet-wasm apache-arrow
 * @duckdb/node-api`), so measuring them never adds them to the project.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentText } from '../src/export/parallel-text.js';
import { syntheticPair } from './synthetic-pairs.js';

type Lib = 'hyparquet-writer' | 'parquet-wasm' | 'duckdb';
const LIBS: readonly Lib[] = ['hyparquet-writer', 'parquet-wasm', 'duckdb'];
const BATCH = 1000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Imports a package from `--modules` when given (scratch install), else from the project. */
async function load<T>(name: string): Promise<T> {
  const dir = arg('modules');
  if (!dir) return (await import(name)) as T;
  const req = createRequire(join(resolve(dir), '..', 'package.json'));
  let path: string;
  try {
    path = req.resolve(name);
  } catch {
    // ESM-only packages without a "require" condition: resolve their package.json and use the "import"/"default" entry.
    const pkgFile = req.resolve(`${name}/package.json`);
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports?: Record<string, unknown>; main?: string; module?: string };
    const dot = pkg.exports?.['.'] as Record<string, unknown> | string | undefined;
    const pick = (e: unknown): string | undefined =>
      typeof e === 'string'
        ? e
        : e && typeof e === 'object'
          ? pick((e as Record<string, unknown>)['node'] ?? (e as Record<string, unknown>)['import'] ?? (e as Record<string, unknown>)['default'])
          : undefined;
    path = join(pkgFile, '..', pick(dot) ?? pkg.module ?? pkg.main ?? 'index.js');
  }
  return (await import(pathToFileURL(path).href)) as T;
}

interface DocRow {
  id: string;
  translation: { en: string; ko: string };
  revision: number;
  change: number;
  verdict: string | null;
  score: number | null;
  enUrl: string;
  koUrl: string;
  enPublishedAt: string;
}

function docRow(i: number): DocRow {
  const p = syntheticPair(i);
  return {
    id: p.pairId,
    translation: { en: documentText(p.english), ko: documentText(p.korean!) },
    revision: 1,
    change: i + 1,
    verdict: p.pairing.verdict ?? null,
    score: p.pairing.score ?? null,
    enUrl: p.english.url,
    koUrl: p.korean!.url,
    enPublishedAt: p.english.publishedAt,
  };
}

function* batches(rows: number): Generator<DocRow[]> {
  for (let start = 0; start < rows; start += BATCH) {
    const out: DocRow[] = [];
    for (let i = start; i < Math.min(rows, start + BATCH); i++) out.push(docRow(i));
    yield out;
  }
}

async function writeHyparquet(file: string, rows: number): Promise<void> {
  const hw = await load<typeof import('hyparquet-writer')>('hyparquet-writer');
  const fd = openSync(file, 'w');
  const writer = new hw.ByteWriter();
  const flush = () => {
    writeSync(fd, new Uint8Array(writer.buffer, 0, writer.index));
    writer.index = 0;
  };
  Object.assign(writer, { flush, finish: flush });
  const str = (name: string, optional = false) => ({
    name,
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: optional ? ('OPTIONAL' as const) : ('REQUIRED' as const),
  });
  const schema = [
    { name: 'root', num_children: 9 },
    str('id'),
    { name: 'translation', repetition_type: 'REQUIRED' as const, num_children: 2 },
    str('en'),
    str('ko'),
    { name: 'revision', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
    { name: 'change', type: 'INT64' as const, repetition_type: 'REQUIRED' as const },
    str('verdict', true),
    { name: 'score', type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const },
    str('enUrl'),
    str('koUrl'),
    str('enPublishedAt'),
  ];
  const pw = new hw.ParquetWriter({ writer, schema });
  for (const b of batches(rows)) {
    await pw.write({
      rowGroupSize: BATCH,
      columnData: [
        { name: 'id', data: b.map((r) => r.id) },
        { name: 'translation', data: b.map((r) => r.translation) },
        { name: 'revision', data: b.map((r) => r.revision) },
        { name: 'change', data: b.map((r) => BigInt(r.change)) },
        { name: 'verdict', data: b.map((r) => r.verdict) },
        { name: 'score', data: b.map((r) => r.score) },
        { name: 'enUrl', data: b.map((r) => r.enUrl) },
        { name: 'koUrl', data: b.map((r) => r.koUrl) },
        { name: 'enPublishedAt', data: b.map((r) => r.enPublishedAt) },
      ],
    });
  }
  await pw.finish();
  closeSync(fd);
}

async function writeParquetWasm(file: string, rows: number): Promise<void> {
  // Not dependencies of the project (loaded from --modules), so untyped here.
  // biome-ignore lint/suspicious/noExplicitAny: not a dependency of the project, loaded from --modules: untyped
  const arrow = await load<any>('apache-arrow');
  // biome-ignore lint/suspicious/noExplicitAny: not a dependency of the project, loaded from --modules: untyped
  const pq = await load<any>('parquet-wasm');
  const { Field, Struct, Utf8, Int32, Int64, Float64, makeData, Table, RecordBatch, tableToIPC, vectorFromArray } = arrow;
  const trType = new Struct([new Field('en', new Utf8(), false), new Field('ko', new Utf8(), false)]);
  const it = batches(rows);
  const stream = new ReadableStream({
    pull(controller) {
      const next = it.next();
      if (next.done) return controller.close();
      const b = next.value;
      const en = vectorFromArray(
        b.map((r: DocRow) => r.translation.en),
        new Utf8(),
      );
      const ko = vectorFromArray(
        b.map((r: DocRow) => r.translation.ko),
        new Utf8(),
      );
      const translation = makeData({ type: trType, length: b.length, children: [en.data[0]!, ko.data[0]!] });
      const table = new Table({
        id: vectorFromArray(
          b.map((r) => r.id),
          new Utf8(),
        ),
        translation: arrow.makeVector(translation),
        revision: vectorFromArray(
          b.map((r) => r.revision),
          new Int32(),
        ),
        change: vectorFromArray(
          b.map((r) => BigInt(r.change)),
          new Int64(),
        ),
        verdict: vectorFromArray(
          b.map((r) => r.verdict),
          new Utf8(),
        ),
        score: vectorFromArray(
          b.map((r) => r.score),
          new Float64(),
        ),
        enUrl: vectorFromArray(
          b.map((r) => r.enUrl),
          new Utf8(),
        ),
        koUrl: vectorFromArray(
          b.map((r) => r.koUrl),
          new Utf8(),
        ),
        enPublishedAt: vectorFromArray(
          b.map((r) => r.enPublishedAt),
          new Utf8(),
        ),
      });
      void RecordBatch;
      const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, 'stream'));
      for (const rb of wasmTable.recordBatches()) controller.enqueue(rb);
    },
  });
  const props = new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).setMaxRowGroupSize(BATCH).build();
  const out = await pq.transformParquetStream(stream, props);
  const fd = openSync(file, 'w');
  const reader = (out as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    writeSync(fd, value);
  }
  closeSync(fd);
}

async function writeDuckdb(file: string, rows: number): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: not a dependency of the project, loaded from --modules: untyped
  const duck = await load<any>('@duckdb/node-api');
  // A file-backed database, so DuckDB may spill to disk rather than hold the whole table in memory.
  const dbFile = `${file}.duckdb`;
  const instance = await duck.DuckDBInstance.create(dbFile, { threads: '2' });
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE docs (id VARCHAR, translation STRUCT(en VARCHAR, ko VARCHAR), revision INTEGER, change BIGINT,
    verdict VARCHAR, score DOUBLE, enUrl VARCHAR, koUrl VARCHAR, enPublishedAt VARCHAR)`);
  const app = await conn.createAppender('docs');
  for (const b of batches(rows)) {
    for (const r of b) {
      app.appendVarchar(r.id);
      app.appendValue(duck.structValue({ en: r.translation.en, ko: r.translation.ko }), duck.STRUCT({ en: duck.VARCHAR, ko: duck.VARCHAR }));
      app.appendInteger(r.revision);
      app.appendBigInt(BigInt(r.change));
      if (r.verdict === null) app.appendNull();
      else app.appendVarchar(r.verdict);
      if (r.score === null) app.appendNull();
      else app.appendDouble(r.score);
      app.appendVarchar(r.enUrl);
      app.appendVarchar(r.koUrl);
      app.appendVarchar(r.enPublishedAt);
      app.endRow();
    }
    app.flushSync();
  }
  app.closeSync();
  await conn.run(`COPY docs TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${BATCH})`);
  conn.closeSync();
  instance.closeSync();
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
}

async function child(lib: Lib, file: string, rows: number): Promise<void> {
  const t0 = performance.now();
  if (lib === 'hyparquet-writer') await writeHyparquet(file, rows);
  else if (lib === 'parquet-wasm') await writeParquetWasm(file, rows);
  else await writeDuckdb(file, rows);
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** Input generation alone (the same rows, no writer), so its share of time and memory can be subtracted. */
async function baseline(rows: number): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  for (const b of batches(rows)) n += b.length;
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, n })}\n`);
}

async function main(): Promise<void> {
  const rows = Number(arg('rows') ?? 100_000);
  const role = arg('child');
  if (role === 'baseline') return baseline(rows);
  if (role) return child(role as Lib, arg('file')!, rows);
  const libs = (arg('libs')?.split(',') ?? LIBS) as Lib[];
  const dir = mkdtempSync(join(tmpdir(), 'donga-parquet-bench-'));
  const self = new URL(import.meta.url).pathname;
  const run = (extra: string[]) => {
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'bin/run-ts.js'), self, '--rows', String(rows), ...(arg('modules') ? ['--modules', arg('modules')!] : []), ...extra],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    if (r.status !== 0) return { error: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ') };
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMb: number };
  };
  console.log(`Parquet writers, ${rows.toLocaleString('en')} docs rows (row groups of ${BATCH}), Node ${process.versions.node}, one process each`);
  const base = run(['--child', 'baseline']);
  if ('error' in base) throw new Error(base.error);
  console.log(`input generation alone: ${(base.ms / 1000).toFixed(1)} s, peak RSS ${base.maxRssMb.toFixed(0)} MB`);
  console.log('| library | file MB | write s (incl. input) | rows/s | peak RSS MB | read back |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const hp = await load<typeof import('hyparquet')>('hyparquet');
  for (const lib of libs) {
    const file = join(dir, `${lib}.parquet`);
    const r = run(['--child', lib, '--file', file]);
    if ('error' in r) {
      console.log(`| ${lib} | – | – | – | – | failed: ${r.error} |`);
      continue;
    }
    const buf = readFileSync(file);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const meta = hp.parquetMetadata(ab);
    const first = (await hp.parquetReadObjects({ file: ab, rowStart: 0, rowEnd: 1 }))[0] as { id: string; translation: { en: string } };
    const last = (await hp.parquetReadObjects({ file: ab, rowStart: rows - 1, rowEnd: rows }))[0] as { id: string; translation: { ko: string } };
    const ok =
      Number(meta.num_rows) === rows &&
      first.id === docRow(0).id &&
      first.translation.en === docRow(0).translation.en &&
      last.translation.ko === docRow(rows - 1).translation.ko;
    console.log(
      `| ${lib} | ${(statSync(file).size / 1e6).toFixed(1)} | ${(r.ms / 1000).toFixed(1)} | ${Math.round(rows / (r.ms / 1000)).toLocaleString('en')} | ${r.maxRssMb.toFixed(0)} | ${ok ? `ok, ${meta.row_groups.length} row groups` : 'MISMATCH'} |`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
