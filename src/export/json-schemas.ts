import { z } from 'zod';
import { articleSchema } from '../records/article.js';
import { hfDocRowSchema, hfTranslationSchema } from './parallel-text.js';
import { pairExportLineSchema } from './pairs-jsonl.js';

/**
 * The JSON Schemas (draft 2020-12) published for consumers, generated from the zod schemas the code validates
 * with, and committed under schema/ (a test keeps the committed files equal to these).
 *
 * The zod schemas are strict (our own code must not write a field nobody declared), but the README promises that new
 * fields may be added under `@1`: a consumer validating today's files with today's schema must still accept
 * tomorrow's. So every object is opened (`additionalProperties: false` dropped), except the Hugging Face
 * `translation` column, whose key set is the feature itself. Types, required fields, enums and patterns stay strict.
 */
export interface ConsumerSchema {
  /** File name under schema/. */
  file: string;
  /** `donga-ingest schema <name>`. */
  name: string;
  json: Record<string, unknown>;
}

const CLOSED: ReadonlySet<unknown> = new Set<unknown>([hfTranslationSchema]);

function generate(schema: z.ZodType, id: string, title: string, description: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    override: (ctx) => {
      if (ctx.jsonSchema.additionalProperties === false && !CLOSED.has(ctx.zodSchema)) delete ctx.jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return { $schema, $id: id, title, description, ...rest };
}

/** Every consumer schema, in a fixed order. Pure. */
export function consumerSchemas(): ConsumerSchema[] {
  return [
    {
      file: 'pair.schema.json',
      name: 'pair',
      json: generate(
        pairExportLineSchema,
        'urn:donga-ingest:schema:pair@1',
        'donga-ingest/pair@1',
        'One line of pairs.jsonl: an English Dong-A Ilbo article, its Korean original (or why there is none), the pairing evidence and verdict, provenance and revision bookkeeping. New fields may be added under @1; a change of meaning bumps the version.',
      ),
    },
    {
      file: 'article.schema.json',
      name: 'article',
      json: generate(
        articleSchema,
        'urn:donga-ingest:schema:article@1',
        'donga-ingest article record',
        'A normalized article (the english and korean members of a pair): canonical URL, title, Korea-time dates, authors, body paragraphs as a reader sees them. New fields may be added.',
      ),
    },
    {
      file: 'doc.schema.json',
      name: 'doc',
      json: generate(
        hfDocRowSchema,
        'urn:donga-ingest:schema:doc@1',
        'donga-ingest docs.jsonl row',
        'One document pair in Hugging Face Translation layout: translation {en, ko} (title, blank line, one paragraph per line) plus meta. New fields may be added to meta; translation keeps exactly en and ko.',
      ),
    },
  ];
}

/** The committed text of a schema file: 2-space JSON and a final newline. Pure. */
export function schemaFileText(s: ConsumerSchema): string {
  return `${JSON.stringify(s.json, null, 2)}\n`;
}
