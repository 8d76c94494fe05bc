import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTableMarkdown } from '../../cli/commands/config.js';
import { listCommands, REGENERATE_COMMAND } from '../../cli/command-reference.js';
import { buildProgram } from '../../cli/main.js';
import { settings } from '../../config/config.js';
import { COMMANDS_PAGE, CONFIG_TABLE_PAGES, ROOT } from './doc-pages.js';
import { fencedBlocks, relativeLinks, section, shellCommands } from './markdown.js';

// What a reader needs is written down and true: every command is in the reference the README links to, every
// setting is in the configuration table, and the README's quick start is what CI runs.

const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');
const readme = read('README.md');
const commandPaths = listCommands(buildProgram({ exitCode: 0 })).map((e) => e.path.join(' '));
const linksTo = (md: string, page: string) => relativeLinks(md).some((l) => l.split('#', 1)[0] === page);

describe('every command is documented', () => {
  it(`each command and subcommand has a section in ${COMMANDS_PAGE}`, () => {
    const reference = read(COMMANDS_PAGE);
    expect(commandPaths.length).toBeGreaterThan(10);
    const missing = commandPaths.filter((name) => !reference.includes(`\n## \`${name}\`\n`));
    expect(missing, `run \`${REGENERATE_COMMAND}\``).toEqual([]);
  });

  it(`README.md links to ${COMMANDS_PAGE}`, () => {
    expect(linksTo(readme, COMMANDS_PAGE), `README.md needs a link to the command reference, e.g. [command reference](${COMMANDS_PAGE})`).toBe(true);
  });
});

describe('every setting is documented', () => {
  const table = configTableMarkdown();
  const existing = CONFIG_TABLE_PAGES.filter((p) => existsSync(join(ROOT, p)));
  const holders = existing.filter((p) => read(p).includes(table));

  it(`each environment variable has a row in the configuration table (${CONFIG_TABLE_PAGES.join(' or ')})`, () => {
    const text = existing.map(read).join('\n');
    const missing = Object.values(settings)
      .map(([env]) => env)
      .filter((env) => !text.includes(`| \`${env}\` |`));
    expect(missing, 'settings with no row in the configuration table: run `node bin/donga-ingest.js config --markdown` and paste the table').toEqual([]);
  });

  it('exactly one page holds the table, exactly as `config --markdown` generates it, and the README leads there', () => {
    expect(
      holders,
      `one of ${CONFIG_TABLE_PAGES.join(', ')} must hold the output of \`node bin/donga-ingest.js config --markdown\` verbatim (and only one)`,
    ).toHaveLength(1);
    const page = holders[0]!;
    if (page !== 'README.md') expect(linksTo(readme, page), `the configuration table is in ${page}: README.md must link to it`).toBe(true);
  });
});

type QuickStartCommand = { kind: 'test' | 'script' | 'cli' | 'other'; problem?: string };

/** `npm t`, `npm run-script x` … in one spelling: `npm run <script> <args…>`; other commands as written. */
function normalizeNpm(command: string): string {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'npm') return words.join(' ');
  if (['test', 't', 'tst'].includes(words[1] ?? '')) return ['npm', 'run', 'test', ...words.slice(2)].join(' ');
  if (words[1] === 'run-script') return ['npm', 'run', ...words.slice(2)].join(' ');
  return words.join(' ');
}

/** The CLI command a `donga-ingest …` invocation names, if its words start with a known command path. */
function cliCommand(words: string[], paths: readonly string[]): string | undefined {
  const positional = words.filter((w) => !w.startsWith('-'));
  let found: string | undefined;
  for (let n = 1; n <= positional.length; n++) {
    const candidate = positional.slice(0, n).join(' ');
    if (paths.includes(candidate)) found = candidate;
  }
  return found;
}

/** What a quick-start line runs, and why it would not run as written (a missing npm script or CLI command). */
function classify(command: string, scripts: Record<string, string>, paths: readonly string[]): QuickStartCommand {
  const words = normalizeNpm(command).split(' ');
  if (words[0] === 'npm' && words[1] === 'run') {
    const script = words[2] ?? '';
    if (script === 'test') return { kind: 'test' };
    const body = scripts[script];
    if (body === undefined) return { kind: 'script', problem: `\`${command}\`: package.json has no script "${script}"` };
    const cli = /^node bin\/donga-ingest\.js\s+(.*)$/.exec(body);
    if (cli && !cliCommand(cli[1]!.split(/\s+/), paths)) return { kind: 'script', problem: `\`${command}\`: its script runs an unknown CLI command (${body})` };
    return { kind: 'script' };
  }
  const cliArgs =
    words[0] === 'donga-ingest'
      ? words.slice(1)
      : words[0] === 'npx' && words[1] === 'donga-ingest'
        ? words.slice(2)
        : words[0] === 'node' && words[1] === 'bin/donga-ingest.js'
          ? words.slice(2)
          : undefined;
  if (cliArgs === undefined) return { kind: 'other' };
  return cliCommand(cliArgs, paths) ? { kind: 'cli' } : { kind: 'cli', problem: `\`${command}\`: no such donga-ingest command` };
}

/** The test commands .ci/run runs: `npm test …` lines inside `run_suite`, arguments after `--` dropped. */
function ciTestCommands(script: string): string[] {
  const body = /^run_suite\(\)\s*\{\n([\s\S]*?)^\}/m.exec(script)?.[1] ?? '';
  return [...body.matchAll(/\bnpm\s+(?:test|t|tst|run\s+test)\b[^\n;)&|]*/g)].map((m) => normalizeNpm(m[0].split(/\s--(\s|$)/, 1)[0]!));
}

describe("the README's quick start", () => {
  const quickStart = section(readme, /quick start/i);
  // The shell blocks of the section (a block of program output is not a shell block: shellCommands finds nothing there).
  const blocks = quickStart === undefined ? [] : fencedBlocks(quickStart).filter((b) => shellCommands(b.body).length > 0);
  const block = blocks[0];
  const commands = blocks.flatMap((b) => shellCommands(b.body));
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const ci = read('.ci/run');

  it('is a heading containing "Quick start" with a fenced block of commands under it', () => {
    expect(quickStart, 'README.md needs a heading containing "Quick start" (any case), followed by a fenced code block of the commands to run').toBeDefined();
    expect(block, 'the fenced code blocks under the README "Quick start" heading hold the commands to run; there is none').toBeDefined();
    expect(commands.length).toBeGreaterThan(0);
  });

  it('names a test command, and it is the one CI runs (.ci/run, run_suite)', () => {
    const tests = commands.filter((c) => classify(c, scripts, commandPaths).kind === 'test').map(normalizeNpm);
    expect(tests, 'the Quick start block needs the test command (`npm test`)').not.toEqual([]);
    const ciTests = ciTestCommands(ci);
    expect(ciTests, '.ci/run runs no `npm test` inside run_suite').not.toEqual([]);
    expect(ci, '.ci/run defines run_suite but never calls it').toMatch(/^run_suite\s+"/m);
    for (const t of tests) expect(ciTests, `the Quick start's \`${t}\` is not what .ci/run runs`).toContain(t);
  });

  it('names a main command (an npm script or a donga-ingest command), and every one it names exists', () => {
    const classified = commands.map((c) => classify(c, scripts, commandPaths));
    expect(
      classified.some((c) => c.kind === 'script' || c.kind === 'cli'),
      'the Quick start block needs the main command, e.g. `npm run demo`',
    ).toBe(true);
    expect(classified.flatMap((c) => (c.problem ? [c.problem] : []))).toEqual([]);
  });

  it('classifies commands (unit)', () => {
    const paths = ['demo', 'fixtures', 'fixtures capture'];
    const pkg = { demo: 'node bin/donga-ingest.js demo', gone: 'node bin/donga-ingest.js nope', bench: 'node bin/run-ts.js bench/index.ts' };
    expect(classify('npm test', pkg, paths)).toEqual({ kind: 'test' });
    expect(classify('npm run test -- --watch', pkg, paths)).toEqual({ kind: 'test' });
    expect(classify('npm run demo', pkg, paths)).toEqual({ kind: 'script' });
    expect(classify('npm run bench', pkg, paths)).toEqual({ kind: 'script' });
    expect(classify('npm run gone', pkg, paths).problem).toMatch(/unknown CLI command/);
    expect(classify('npm run missing', pkg, paths).problem).toMatch(/no script "missing"/);
    expect(classify('npx donga-ingest fixtures capture --force https://x', pkg, paths)).toEqual({ kind: 'cli' });
    expect(classify('node bin/donga-ingest.js nope', pkg, paths).problem).toMatch(/no such donga-ingest command/);
    expect(classify('apt-get install -y redis-server', pkg, paths)).toEqual({ kind: 'other' });
    expect(ciTestCommands('run_suite() {\n  (cd "$d" && PATH="$p$PATH" npm test -- --reporter=json) || rc=$?\n}\nrun_suite a b ""\n')).toEqual([
      'npm run test',
    ]);
  });
});
