import type { Command } from 'commander';

/** What a command may set for main() to return (the process exit code). */
export interface CommandContext {
  exitCode: number;
}

/**
 * One CLI command's registration. Its own module (not commands/index.ts or main.ts, which import every
 * command) so the commands can name it without an import cycle.
 */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;
