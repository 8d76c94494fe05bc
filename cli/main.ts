import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { IngestError } from '../src/errors.js';
import { PARSER_VERSION } from '../src/parse/index.js';
import { RedisUnreachableError } from '../src/queue/connection.js';
import { TOOL_VERSION } from '../src/version.js';
import { commands } from './commands/index.js';
import type { CommandContext } from './register-command.js';

/**
 * `donga-ingest <command>`: every command lives in `./commands/<name>.ts` and registers itself.
 * Returns the process exit code; commands set it through `ctx.exitCode`.
 *
 * Exit codes, the same for every command: 0 success (and `--help`), 1 bad input or a
 * failed run, 2 usage errors (unknown command or option, missing or invalid argument, bad config).
 */
export async function main(argv: string[]): Promise<number> {
  const ctx = { exitCode: 0 };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof RedisUnreachableError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    // Our own typed errors (e.g. the store cannot be opened): one line naming the problem, not a stack.
    if (err instanceof IngestError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/**
 * The whole command tree, every command registered, nothing parsed yet. Separate from `main` so the command
 * reference (docs/commands.md) is generated from exactly what the CLI accepts.
 */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('donga-ingest')
    .description('English–Korean parallel news archive from the Dong-A Ilbo')
    .version(`donga-ingest ${TOOL_VERSION} (parser ${PARSER_VERSION}, Node ${process.versions.node})`, '-V, --version')
    // Commander exits 1 for usage errors; subcommands inherit this override, so all of them exit 2.
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    })
    .showHelpAfterError();
  for (const register of commands) register(program, ctx);
  return program;
}
