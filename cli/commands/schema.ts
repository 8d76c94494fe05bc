import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AtomicFile } from '../../src/export/atomic-file.js';
import { consumerSchemas, schemaFileText } from '../../src/export/json-schemas.js';
import type { RegisterCommand } from '../register-command.js';

/**
 * `donga-ingest schema [pair|article|doc] [--out DIR]`: the JSON Schemas (draft 2020-12) of the exported records,
 * generated from the zod schemas. Without `--out`, prints one (default `pair`); with it, writes every schema file
 * (the files committed under schema/) into DIR, each atomically. Needs no config, store or Redis.
 */
export const registerSchema: RegisterCommand = (program, ctx) => {
  const names = consumerSchemas().map((s) => s.name);
  program
    .command('schema')
    .description('print or write the JSON Schemas (draft 2020-12) of pairs.jsonl lines, article records and docs.jsonl rows')
    .argument('[name]', `${names.join(' | ')} (default pair; ignored with --out)`)
    .option('--out <dir>', 'write every schema file into this directory instead of printing one')
    .action(async (name: string | undefined, opts: { out?: string }) => {
      const schemas = consumerSchemas();
      if (opts.out !== undefined) {
        if (opts.out.trim() === '') {
          process.stderr.write('schema: --out: must not be empty\n');
          ctx.exitCode = 2;
          return;
        }
        const dir = resolve(opts.out);
        try {
          await mkdir(dir, { recursive: true });
          for (const s of schemas) {
            const f = await AtomicFile.createWithHead(join(dir, s.file), schemaFileText(s));
            await f.commit();
            process.stdout.write(`${join(dir, s.file)}\n`);
          }
        } catch (err) {
          process.stderr.write(`schema: cannot write ${dir}: ${err instanceof Error ? err.message : String(err)}\n`);
          ctx.exitCode = 1;
        }
        return;
      }
      const wanted = name ?? 'pair';
      const s = schemas.find((x) => x.name === wanted);
      if (!s) {
        process.stderr.write(`schema: expected ${names.join(', ')}, got ${JSON.stringify(wanted)}\n`);
        ctx.exitCode = 2;
        return;
      }
      process.stdout.write(schemaFileText(s));
    });
};
