import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandReference, commandSynopsis, listCommands } from '../../cli/command-reference.js';
import { headingAnchors } from '../docs/markdown.js';

/** A small program with one of everything the reference has to render. */
function toyProgram(): Command {
  const program = new Command('tool').description('a tool').version('1.0.0', '-V, --version');
  program
    .command('get')
    .alias('g')
    .description('fetch <id> things | more')
    .argument('<id>', 'the id')
    .argument('[rest...]', 'more ids', ['a'])
    .option('--tries <n>', 'attempts', '3')
    .addOption(new Option('--mode <m>', 'how').choices(['fast', 'slow']).default('fast'))
    .addOption(new Option('--token <t>', 'secret').env('TOOL_TOKEN').makeOptionMandatory())
    .addOption(new Option('--debug', 'internal').hideHelp());
  const group = program.command('group').description('a group');
  group.command('sub').description('a subcommand').option('--flag', 'a flag');
  program.command('hidden', { hidden: true }).description('not shown');
  return program;
}

describe('commandReference', () => {
  const md = commandReference(toyProgram());

  it('walks every visible command depth first, subcommands included, help and hidden commands left out', () => {
    expect(listCommands(toyProgram()).map((e) => e.path.join(' '))).toEqual(['get', 'group', 'group sub']);
    expect(md).not.toMatch(/## `help`|hidden/);
    expect(commandSynopsis(toyProgram())).toBe(['tool get [options] <id> [rest...]', 'tool group [options] [command]', 'tool group sub [options]'].join('\n'));
  });

  it('renders usage, aliases, arguments and options with their defaults, choices, env and mandatory marks', () => {
    expect(md).toContain('## `get`\n\nfetch \\<id> things \\| more\n\n```sh\ntool get [options] <id> [rest...]\n```');
    expect(md).toContain('Aliases: `g`.');
    expect(md).toContain('| `<id>` |  | the id |');
    expect(md).toContain('| `[rest...]` | `["a"]` | more ids |');
    expect(md).toContain('| `--tries <n>` | `"3"` | attempts |');
    expect(md).toContain('| `--mode <m>` | `"fast"` | how (one of fast, slow) |');
    expect(md).toContain('| `--token <t>` |  | secret (env TOOL_TOKEN; required) |');
    expect(md).not.toContain('--debug');
    expect(md).not.toContain('| `-h, --help` |');
    expect(md).toContain('| `-V, --version` |  | output the version number |');
    expect(md).toContain('Subcommands: [`group sub`](#group-sub).');
  });

  it('links its contents to headings that exist (GitHub anchors)', () => {
    const anchors = headingAnchors(md);
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(['get', 'group', 'group-sub', 'group-sub']);
    for (const link of links) expect(anchors.has(link!)).toBe(true);
  });

  it('escapes a | inside a code cell so the table keeps its columns', () => {
    const program = new Command('t');
    program.command('x').description('x').option('--f <a|b>', 'either');
    expect(commandReference(program)).toContain('| `--f <a\\|b>` |  | either |');
  });
});
