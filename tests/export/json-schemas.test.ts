import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { consumerSchemas, schemaFileText } from '../../src/export/json-schemas.js';
import { runExport } from '../../src/export/run-export.js';
import { VERDICT_CLASSES } from '../../src/export/verdict-filter.js';
import { contractPairs, tempStore } from './helpers.js';

// ajv-formats is CommonJS: its function is the default export, or that export's own default under some loaders.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const root = join(import.meta.dirname, '..', '..');
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A strict draft 2020-12 validator with `uri`, `email` and `date-time` checked, holding every consumer schema. */
function validator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const s of consumerSchemas()) ajv.addSchema(s.json);
  const get = (name: string) => ajv.getSchema(`urn:donga-ingest:schema:${name}@1`)!;
  return { ajv, pair: get('pair'), article: get('article'), doc: get('doc') };
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('consumer JSON Schemas', () => {
  it('the committed files under schema/ are exactly the generated ones (run `donga-ingest schema --out schema` after a record change)', () => {
    for (const s of consumerSchemas()) {
      expect(readFileSync(join(root, 'schema', s.file), 'utf8'), s.file).toBe(schemaFileText(s));
    }
  });

  it('are draft 2020-12 and compile under a strict validator', () => {
    const v = validator();
    for (const s of consumerSchemas()) {
      expect(s.json['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(v.ajv.validateSchema(s.json), JSON.stringify(v.ajv.errors)).toBe(true);
    }
  });

  it('every exported pairs.jsonl line, docs.jsonl row and article record validates', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    for (const p of contractPairs()) await t.store.writePair(p);
    const out = join(t.dir, 'out');
    await runExport(t.store, { outDir: out, formats: ['jsonl', 'hf'], verdicts: VERDICT_CLASSES, toolVersion: '1', now: '2026-01-06T05:00:03.000Z' });
    const v = validator();
    const pairs = lines(join(out, 'pairs.jsonl'));
    const docs = lines(join(out, 'docs.jsonl'));
    expect(pairs).toHaveLength(7);
    expect(docs).toHaveLength(5);
    for (const row of pairs) {
      expect(v.pair(row), `${String(row['pairId'])}: ${JSON.stringify(v.pair.errors)}`).toBe(true);
      for (const side of [row['english'], row['korean']]) if (side !== null) expect(v.article(side), JSON.stringify(v.article.errors)).toBe(true);
    }
    for (const row of docs) expect(v.doc(row), `${String(row['id'])}: ${JSON.stringify(v.doc.errors)}`).toBe(true);
  });

  it('accept the additive fields the README promises, and still reject what breaks the contract', async () => {
    const t = await tempStore();
    cleanup.push(t.cleanup);
    await t.store.writePair(contractPairs()[0]!);
    const out = join(t.dir, 'out');
    await runExport(t.store, { outDir: out, formats: ['jsonl', 'hf'], toolVersion: '1', now: '2026-01-06T05:00:03.000Z' });
    const v = validator();
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON records read field by field
    const [pair] = lines(join(out, 'pairs.jsonl')) as [Record<string, any>];
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON records read field by field
    const [doc] = lines(join(out, 'docs.jsonl')) as [Record<string, any>];
    const clone = <T>(x: T): T => structuredClone(x);
    // A future field anywhere in the pair record, and in docs meta.
    const future = clone(pair);
    future['alignmentHints'] = [1, 2];
    future['english']['imageCaptions'] = ['a caption'];
    future['english']['authors'][0]['twitter'] = '@someone';
    future['pairing']['evidence']['bylineSimilarity'] = 0.8;
    future['provenance']['english']['etag'] = 'W/"1"';
    expect(v.pair(future), JSON.stringify(v.pair.errors)).toBe(true);
    const futureDoc = clone(doc);
    futureDoc['meta']['sentences'] = 12;
    futureDoc['license'] = 'see manifest';
    expect(v.doc(futureDoc), JSON.stringify(v.doc.errors)).toBe(true);
    // Breaking changes are still caught: a removed field, a wrong type, an unknown status, a third translation key.
    const missing = clone(pair);
    delete missing['contentHash'];
    expect(v.pair(missing)).toBe(false);
    expect(v.pair({ ...clone(pair), revision: '2' })).toBe(false);
    expect(v.pair({ ...clone(pair), status: 'done' })).toBe(false);
    expect(v.pair({ ...clone(pair), english: { ...pair['english'], publishedAt: '2020-04-03T07:38:00Z' } })).toBe(false);
    expect(v.pair({ ...clone(pair), english: { ...pair['english'], lang: 'ko' } })).toBe(false);
    expect(v.pair({ ...clone(pair), pairing: { ...pair['pairing'], verdict: 'great' } })).toBe(false);
    expect(v.doc({ ...clone(doc), translation: { ...doc['translation'], ja: 'x' } })).toBe(false);
    expect(v.doc({ ...clone(doc), translation: { en: doc['translation']['en'] } })).toBe(false);
  });
});
