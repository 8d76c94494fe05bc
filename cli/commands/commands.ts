import { commandReference, commandSynopsis } from '../command-reference.js';
import type { RegisterCommand } from '../register-command.js';

/**
 * `donga-ingest commands [--markdown]`: every command's usage line, or the command reference (docs/commands.md),
 * generated from the program it is registered on, the way `config --markdown` generates the settings table.
 */
export const registerCommands: RegisterCommand = (program) => {
  program
    .command('commands')
    .description('list every command with its usage, subcommands included')
    .option('--markdown', 'print the command reference (docs/commands.md) instead')
    .action((opts: { markdown?: boolean }) => {
      process.stdout.write(opts.markdown ? commandReference(program) : `${commandSynopsis(program)}\n`);
    });
};
