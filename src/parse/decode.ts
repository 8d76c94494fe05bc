import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { PageInput } from '../records/article.js';

/**
 * Page bytes → text. Order: already-decoded text, BOM, HTTP `Content-Type` charset, `<meta charset>` /
 * `http-equiv` in the first 4 KB, sniffing (valid UTF-8, else EUC-KR/CP949-looking bytes), UTF-8 —
 * with a declaration the bytes plainly contradict overruled (see {@link decodeHtml}).
 * Korean legacy charsets always go through iconv-lite's cp949 table: Node's TextDecoder('euc-kr') is
 * strict KS X 1001 and silently corrupts CP949 extension syllables such as 똠 and 뷁 (docs/site-notes.md, Encodings).
 */

export type CharsetSource = 'text' | 'header' | 'bom' | 'meta' | 'sniff' | 'default';

export interface DecodedHtml {
  html: string;
  /** Canonical charset name actually used: `utf-8`, `euc-kr` (decoded as CP949), `utf-16le`, `windows-1252` … */
  charset: string;
  source: CharsetSource;
}

const KOREAN_LABELS = new Set([
  'euc-kr',
  'euckr',
  'x-euc-kr',
  'cp949',
  'ms949',
  'uhc',
  'windows-949',
  'x-windows-949',
  'ks_c_5601-1987',
  'ks_c_5601-1989',
  'ks_c_5601',
  'ksc5601',
  'ksc_5601',
  'ks_x_1001',
  'korean',
  'iso-ir-149',
  'csksc56011987',
  'cseuckr',
]);

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8', 'unicode20utf8']);

/** How a charset label is decoded: `utf-8`, `euc-kr` (iconv cp949), another TextDecoder encoding, or null (unknown). */
function resolveLabel(raw: string): string | null {
  const label = raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!label) return null;
  if (UTF8_LABELS.has(label)) return 'utf-8';
  if (KOREAN_LABELS.has(label)) return 'euc-kr';
  try {
    // TextDecoder knows the WHATWG label table (latin1 → windows-1252, utf-16 …).
    const enc = new TextDecoder(label).encoding;
    return enc === 'euc-kr' ? 'euc-kr' : enc;
  } catch {
    return null;
  }
}

const utf8Lossy = new TextDecoder('utf-8');

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'utf-8') return utf8Lossy.decode(bytes);
  if (charset === 'euc-kr') {
    // iconv-lite does not strip a UTF-8 BOM mistakenly prepended to legacy text; nothing to strip for cp949.
    return iconv.decode(bytes, 'cp949');
  }
  return new TextDecoder(charset).decode(bytes);
}

/** The `charset=` parameter of a Content-Type header, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m ? m[2]! : null;
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

const META_SCAN_BYTES = 4096;
const META_RE = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/gi;

/** First resolvable charset declared by a `<meta>` tag in the page head (bytes read as latin1, comments skipped). */
function metaCharset(b: Uint8Array): string | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, META_SCAN_BYTES))
    .toString('latin1')
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const m of head.matchAll(META_RE)) {
    const cs = resolveLabel(m[1]!);
    // A page cannot truthfully declare UTF-16 in ASCII bytes (HTML spec: treat as UTF-8).
    if (cs) return cs.startsWith('utf-16') ? 'utf-8' : cs;
  }
  return null;
}

/**
 * True when the non-ASCII bytes pair up as CP949 double-byte characters (lead 0x81–0xFE, trail
 * 0x41–0x5A/0x61–0x7A/0x81–0xFE) and most lead bytes are in the KS X 1001 Hangul rows.
 */
function looksLikeCp949(b: Uint8Array): boolean {
  let pairs = 0,
    bad = 0,
    hangul = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    const t = b[i + 1];
    if (c >= 0x81 && c <= 0xfe && t !== undefined && ((t >= 0x41 && t <= 0x5a) || (t >= 0x61 && t <= 0x7a) || (t >= 0x81 && t <= 0xfe))) {
      pairs++;
      if (c >= 0xb0 && c <= 0xc8) hangul++;
      i++;
    } else {
      bad++;
    }
  }
  return pairs > 0 && bad * 20 <= pairs && hangul * 2 >= pairs;
}

/**
 * Whether the bytes are UTF-8: `valid` (with at least a few multi-byte characters, which legacy Korean
 * bytes essentially never form by chance), `ascii` (valid, nothing to tell), or `invalid`. A sequence cut
 * off at the very end (a truncated fetch) does not make the rest invalid. `text` is the strict decoding.
 */
function utf8Evidence(b: Uint8Array): { kind: 'valid' | 'ascii' | 'invalid'; text?: string } {
  // Validated first (simdutf, `buffer.isUtf8`), then decoded once: the strict TextDecoder threw on every legacy
  // page, up to four times, and decoded valid pages more slowly. Valid bytes decode the same strictly or lossily.
  let text: string | undefined;
  if (isUtf8(b)) text = utf8Lossy.decode(b);
  else {
    for (let k = 1; k <= 3 && k < b.length && text === undefined; k++) {
      if (isUtf8(b.subarray(0, b.length - k))) text = utf8Lossy.decode(b);
    }
  }
  if (text === undefined) return { kind: 'invalid' };
  let high = 0;
  for (let i = 0; i < b.length && high < 8; i++) if (b[i]! >= 0x80) high++;
  return { kind: high >= 8 ? 'valid' : 'ascii', text };
}

/**
 * Decodes page bytes (or passes text through) and says which charset was used and why.
 * Order as in browsers: BOM, HTTP header, `<meta>`, sniffing. Unlike a browser, a declaration the bytes
 * contradict is overruled: `utf-8` declared over bytes that are not UTF-8 (the page's meta, else CP949
 * sniffing, decides), or a legacy charset declared over valid multi-byte UTF-8. Mojibake is worth nothing in an archive.
 */
export function decodeHtml(body: Uint8Array | string, contentType?: string | null): DecodedHtml {
  if (typeof body === 'string') return { html: body, charset: 'utf-8', source: 'text' };

  const bom = bomCharset(body);
  if (bom) return { html: decodeWith(body.subarray(bom.skip), bom.charset), charset: bom.charset, source: 'bom' };

  const header = charsetFromContentType(contentType);
  const fromHeader = header ? resolveLabel(header) : null;
  const fromMeta = metaCharset(body);
  const declared = fromHeader ?? fromMeta;
  const source: CharsetSource = fromHeader ? 'header' : 'meta';
  const utf8 = utf8Evidence(body);

  if (declared && declared !== 'utf-8') {
    if (utf8.kind === 'valid') return { html: stripBom(utf8.text!), charset: 'utf-8', source: 'sniff' };
    return { html: stripBom(decodeWith(body, declared)), charset: declared, source };
  }
  if (utf8.kind !== 'invalid') return { html: stripBom(utf8.text!), charset: 'utf-8', source: declared ? source : 'sniff' };
  // Declared (or assumed) UTF-8, but the bytes are not.
  if (fromMeta && fromMeta !== 'utf-8') return { html: stripBom(decodeWith(body, fromMeta)), charset: fromMeta, source: 'meta' };
  if (looksLikeCp949(body)) return { html: decodeWith(body, 'euc-kr'), charset: 'euc-kr', source: 'sniff' };
  return { html: stripBom(utf8Lossy.decode(body)), charset: 'utf-8', source: declared ? source : 'default' };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The page's HTML as text: {@link decodeHtml} on a {@link PageInput}. */
export function decodePage(page: PageInput): string {
  return decodeHtml(page.body, page.contentType ?? null).html;
}
