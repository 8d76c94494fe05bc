import type { Command } from 'commander';
import { loadConfig, redactUrl, settings } from '../../config/config.js';
import { dataDirProblem } from '../usable-dir.js';
import type { RegisterCommand } from '../register-command.js';

/** A setting's default as written in an environment variable ('' when it has none). */
function defaultText(schema: unknown): string {
  const def = (schema as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
  if (!def.success || def.data === undefined) return '';
  return Array.isArray(def.data) ? def.data.join(',') : String(def.data);
}

/** The configuration table of docs/configuration.md, generated from the config module so the two cannot drift. */
export function configTableMarkdown(): string {
  const rows = Object.values(settings).map(([env, schema, meaning]) => {
    const value = defaultText(schema);
    const shown = value === '' ? '(unset)' : `\`${value}\``;
    return `| \`${env}\` | ${shown} | ${meaning} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * A `.env` template with every setting commented out at its default (Docker Compose reads `.env`): uncomment a line
 * to override it. Committed as `.env.example`; a test keeps the two equal.
 */
export function envTemplate(): string {
  const lines = ['# donga-ingest settings (`donga-ingest config --env-file`). Uncomment a line to override its default.', ''];
  for (const [env, schema, meaning] of Object.values(settings)) {
    const value = defaultText(schema);
    lines.push(`# ${meaning}`, `# ${env}=${value}`, '');
  }
  return lines.join('\n');
}

/**
 * `donga-ingest config [--markdown]`: the effective settings (after env) by variable name, or the docs/configuration.md table.
 * Exits 1 when a setting names an unusable place (e.g. DATA_DIR is a file), after printing the settings.
 */
export const registerConfig: RegisterCommand = (program: Command, ctx) => {
  program
    .command('config')
    .description('print the effective configuration (from environment variables and defaults)')
    .option('--markdown', 'print the documentation table of every setting instead')
    .option('--env-file', 'print a .env template with every setting at its default instead')
    .action((opts: { markdown?: boolean; envFile?: boolean }) => {
      if (opts.envFile) {
        process.stdout.write(envTemplate());
        return;
      }
      if (opts.markdown) {
        process.stdout.write(`${configTableMarkdown()}\n`);
        return;
      }
      const config = loadConfig();
      // Keyed by environment variable, as in the docs/configuration.md table, so a value can be looked up and overridden.
      const shown: Record<string, unknown> = {};
      for (const [key, [env]] of Object.entries(settings)) {
        const value = config[key as keyof typeof config];
        if (env === 'SERVE_TOKEN') shown[env] = value === undefined ? null : '***';
        else shown[env] = typeof value === 'string' && /^(redis|rediss|postgres|postgresql):\/\//.test(value) ? redactUrl(value) : (value ?? null);
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
