import type { Command } from 'commander';
import { loadConfig, redactUrl, settings } from '../../../config/config.js';
import { dataDirProblem } from '../usable-dir.js';
import type { RegisterCommand } from './index.js';

/** The README configuration table, generated from the config module so the two cannot drift. */
export function configTableMarkdown(): string {
  const rows = Object.values(settings).map(([env, schema, meaning]) => {
    const def = (schema as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
    const value = def.success && def.data !== undefined ? (Array.isArray(def.data) ? def.data.join(',') : String(def.data)) : '';
    const shown = value === '' ? '(unset)' : `\`${value}\``;
    return `| \`${env}\` | ${shown} | ${meaning} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * `donga-ingest config [--markdown]`: the effective settings (after env) by variable name, or the README table.
 * Exits 1 when a setting names an unusable place (e.g. DATA_DIR is a file), after printing the settings.
 */
export const registerConfig: RegisterCommand = (program: Command, ctx) => {
  program
    .command('config')
    .description('print the effective configuration (from environment variables and defaults)')
    .option('--markdown', 'print the documentation table of every setting instead')
    .action((opts: { markdown?: boolean }) => {
      if (opts.markdown) {
        process.stdout.write(`${configTableMarkdown()}\n`);
        return;
      }
      const config = loadConfig();
      // Keyed by environment variable, as in the README table, so a value can be looked up and overridden.
      const shown: Record<string, unknown> = {};
      for (const [key, [env]] of Object.entries(settings)) {
        const value = config[key as keyof typeof config];
        shown[env] = typeof value === 'string' && /^(redis|rediss|postgres|postgresql):\/\//.test(value) ? redactUrl(value) : value ?? null;
      }
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      // Values can be well-formed yet point at an unusable place: say so here, as the commands would.
      const problem = dataDirProblem(config);
      if (problem) {
        process.stderr.write(`config: ${problem}\n`);
        ctx.exitCode = 1;
      }
    });
};
