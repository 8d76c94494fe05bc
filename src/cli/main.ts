import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/config.js';
import { commands } from './commands/index.js';

/**
 * `donga-ingest <command>`: every command lives in `./commands/<name>.ts` and registers itself.
 * Returns the process exit code; commands set it through `ctx.exitCode`.
 */
export async function main(argv: string[]): Promise<number> {
  const ctx = { exitCode: 0 };
  const program = new Command('donga-ingest')
    .description('English–Korean parallel news archive from the Dong-A Ilbo')
    .exitOverride()
    .showHelpAfterError();
  for (const register of commands) register(program, ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

export interface CommandContext {
  exitCode: number;
}
