import { gunzipSync } from 'node:zlib';
import { request } from 'undici';

export interface Got {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** GET over real HTTP with undici (no redirects followed, no decompression). */
export async function get(url: string, headers: Record<string, string> = {}, opts: { bodyTimeout?: number } = {}): Promise<Got> {
  const res = await request(url, { headers, ...(opts.bodyTimeout === undefined ? {} : { bodyTimeout: opts.bodyTimeout }) });
  const body = Buffer.from(await res.body.arrayBuffer());
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v;
  return { status: res.statusCode, headers: h, body: h['content-encoding'] === 'gzip' ? gunzipSync(body) : body };
}

/** Every href in a page, resolved against `base`. */
export function links(html: string, base: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&'), base).toString());
}

/** The href of the article's `한국어` anchor (the header's language menu also has one, to the Korean home page). */
export function koreanHref(html: string): string | undefined {
  return [...html.matchAll(/<a href="([^"]+)"[^>]*>한국어<\/a>/g)].map((m) => m[1]!).find((h) => h.includes('/article/all/'));
}
