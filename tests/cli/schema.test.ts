import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerSchemas, schemaFileText } from '../../src/export/json-schemas.js';
import { runCli } from './run-cli.js';

describe('donga-ingest schema', () => {
  it('prints the pair schema by default, any one by name, and refuses an unknown name (exit 2)', async () => {
    const [pair, article] = consumerSchemas();
    const def = await runCli(['schema']);
    expect(def.code).toBe(0);
    expect(def.stdout).toBe(schemaFileText(pair!));
    const art = await runCli(['schema', 'article']);
    expect(art.stdout).toBe(schemaFileText(article!));
    const bad = await runCli(['schema', 'tmx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected pair, article, doc, got "tmx"');
  });

  it('--out writes every schema file, the same bytes as the committed ones, and reports an unwritable directory (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'donga-schema-'));
    try {
      const res = await runCli(['schema', '--out', join(dir, 'schema')]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(readdirSync(join(dir, 'schema')).sort()).toEqual(['article.schema.json', 'doc.schema.json', 'pair.schema.json']);
      for (const f of readdirSync(join(dir, 'schema'))) {
        expect(readFileSync(join(dir, 'schema', f), 'utf8')).toBe(readFileSync(join(import.meta.dirname, '../../schema', f), 'utf8'));
      }
      writeFileSync(join(dir, 'file'), 'x');
      const blocked = await runCli(['schema', '--out', join(dir, 'file', 'sub')]);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toMatch(/^schema: cannot write .*ENOTDIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
