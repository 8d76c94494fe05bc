import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zlib } from 'node:zlib';
import { storageError } from './storage-error.js';

/**
 * How raw pages are addressed and compressed, shared by every archive (files, SQLite table, PostgreSQL table) and by
 * the stores' one-transaction `savePage`. Pure apart from the (thread-pool) compression.
 */

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** How many sightings an archive row gives back (the newest, oldest first); the first fetch stays in the meta itself. */
export const MAX_SEEN = 200;

/**
 * Brotli quality 2: workers compress every page, so this is paid per page. Measured on a 66 KB replay page (Node 20):
 * quality 5 takes ~1.5 ms of CPU for 6.6 KB, quality 2 ~0.7 ms for 8.5 KB, gzip 6 ~1.0 ms for 10 KB. Any quality
 * decompresses the same way, so archives written at another quality read as before.
 */
export function compressRawBody(body: Uint8Array): Promise<Buffer> {
  return compress(body, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 2, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
  });
}

export async function decompressRawBody(data: Uint8Array, sha: string): Promise<Uint8Array> {
  const body = new Uint8Array(await decompress(data));
  // A torn or corrupted file or row must not silently rebuild a wrong record.
  if (sha256Hex(body) !== sha) throw storageError(new Error('content does not match its sha256'), `raw page ${sha}`, false);
  return body;
}

/**
 * PostgreSQL `raw_pages` (PgRawArchive and PgPairStore.savePage). Part of the PostgreSQL store's migration 4, so
 * never edit it: append a migration instead.
 */
export const PG_RAW_PAGES_DDL = `CREATE TABLE IF NOT EXISTS raw_pages (
        sha256 text PRIMARY KEY,
        encoding text NOT NULL,
        size integer NOT NULL,
        body bytea NOT NULL,
        meta jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`;

/**
 * The PostgreSQL expression that appends the sightings in jsonb parameter `param` to `raw_pages.meta.seen`, keeping
 * the newest {@link MAX_SEEN}. The row update is atomic, so concurrent sightings are never lost (unlike read-modify-write).
 */
export function pgAppendSeen(param: string): string {
  return `jsonb_set(raw_pages.meta, '{seen}',
        (SELECT coalesce(jsonb_agg(e ORDER BY i), '[]'::jsonb) FROM (
           SELECT e, i FROM jsonb_array_elements(coalesce(raw_pages.meta->'seen', '[]'::jsonb) || ${param}::jsonb)
             WITH ORDINALITY AS t(e, i) ORDER BY i DESC LIMIT ${MAX_SEEN}) s))`;
}
