import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandReference, listCommands, REFERENCE_FILE, REGENERATE_COMMAND } from '../../cli/command-reference.js';
import { buildProgram, main } from '../../cli/main.js';
import { COMMANDS_PAGE, ROOT } from './doc-pages.js';

// docs/commands.md is generated from the commander program, as the configuration table is from config/config.ts:
// a changed option, default or description must show in the reference, so the committed file must equal the output.
describe(`${COMMANDS_PAGE} (the generated command reference)`, () => {
  const committed = readFileSync(join(ROOT, COMMANDS_PAGE), 'utf8');
  afterEach(() => vi.restoreAllMocks());

  it('is the file the generator names', () => {
    expect(REFERENCE_FILE).toBe(COMMANDS_PAGE);
  });

  it('equals what the CLI generates now', () => {
    const generated = commandReference(buildProgram({ exitCode: 0 }));
    expect(committed, `${COMMANDS_PAGE} is out of date: run \`${REGENERATE_COMMAND}\` and commit it`).toBe(generated);
  });

  it('has a section for every command and subcommand', () => {
    const entries = listCommands(buildProgram({ exitCode: 0 }));
    expect(entries.map((e) => e.path.join(' '))).toContain('fixtures capture');
    const missing = entries.map((e) => e.path.join(' ')).filter((name) => !committed.includes(`\n## \`${name}\`\n`));
    expect(missing, `no section for these commands in ${COMMANDS_PAGE}: run \`${REGENERATE_COMMAND}\``).toEqual([]);
  });

  it('is what `donga-ingest commands --markdown` prints', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await main(['node', 'donga-ingest', 'commands', '--markdown'])).toBe(0);
    expect(out).toBe(commandReference(buildProgram({ exitCode: 0 })));
    out = '';
    expect(await main(['node', 'donga-ingest', 'commands'])).toBe(0);
    expect(out).toContain('donga-ingest fixtures capture [options] <url>\n');
  });
});
