import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDemoDir } from '../../src/cli/commands/demo.js';

describe('prepareDemoDir: the demo never deletes what it did not write', () => {
  const made: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'donga-demo-dir-'));
    made.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates a missing directory', () => {
    const dir = join(tmp(), 'a', 'b');
    expect(prepareDemoDir(dir)).toBeNull();
    expect(existsSync(dir)).toBe(true);
  });

  it("empties a previous demo run's outputs", () => {
    const dir = tmp();
    writeFileSync(join(dir, 'donga.sqlite'), 'x');
    writeFileSync(join(dir, 'donga.sqlite-wal'), 'x');
    mkdirSync(join(dir, 'raw', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'raw', 'ab', 'f.br'), 'x');
    mkdirSync(join(dir, 'export'));
    expect(prepareDemoDir(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses, deleting nothing, when the directory holds anything else', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'donga.sqlite'), 'my archive');
    writeFileSync(join(dir, 'important.txt'), 'keep me');
    expect(prepareDemoDir(dir)).toMatch(/holds files the demo did not write \(important\.txt\)/);
    expect(readdirSync(dir).sort()).toEqual(['donga.sqlite', 'important.txt']);
  });

  it('refuses a path that is a file', () => {
    const file = join(tmp(), 'afile');
    writeFileSync(file, 'x');
    expect(prepareDemoDir(file)).toMatch(/is not a directory/);
  });
});
