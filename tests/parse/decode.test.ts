import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { charsetFromContentType, decodeHtml, decodePage } from '../../src/parse/decode.js';

const KO = '동아일보 기사 본문입니다. 똠방각하 뷁';
const page = (head: string, body = KO) => `<!doctype html><html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const cp949 = (s: string) => new Uint8Array(iconv.encode(s, 'cp949'));

describe('decodeHtml', () => {
  it('passes strings through', () => {
    expect(decodeHtml('<p>한글</p>')).toEqual({ html: '<p>한글</p>', charset: 'utf-8', source: 'text' });
  });

  it('decodes UTF-8 by header', () => {
    const r = decodeHtml(utf8(page('')), 'text/html; charset=UTF-8');
    expect(r.source).toBe('header');
    expect(r.charset).toBe('utf-8');
    expect(r.html).toContain(KO);
  });

  it('lets the header win over a contradicting meta tag', () => {
    const r = decodeHtml(cp949(page('<meta charset="utf-8">')), 'text/html; charset=euc-kr');
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'header' });
    expect(r.html).toContain(KO);
  });

  it('reads <meta charset>', () => {
    const r = decodeHtml(cp949(page('<meta charset="EUC-KR">')), 'text/html');
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(r.html).toContain(KO);
  });

  it('reads http-equiv Content-Type with ks_c_5601-1987 and keeps CP949-only syllables', () => {
    const html = page(`<meta http-equiv='Content-Type' content='text/html; charset=ks_c_5601-1987'>`);
    const r = decodeHtml(cp949(html), null);
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(r.html).toContain('똠방각하 뷁');
    expect(r.html).not.toContain('\uFFFD');
  });

  it('ignores a charset inside an HTML comment', () => {
    const r = decodeHtml(utf8(page('<!-- <meta charset="euc-kr"> --><meta charset="utf-8">')));
    expect(r).toMatchObject({ charset: 'utf-8', source: 'meta' });
    expect(r.html).toContain(KO);
  });

  it('sniffs undeclared EUC-KR/CP949 bytes', () => {
    const r = decodeHtml(cp949(page('')));
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'sniff' });
    expect(r.html).toContain(KO);
  });

  it('sniffs undeclared UTF-8, even when the last character was cut off', () => {
    expect(decodeHtml(utf8(page('')))).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    const bytes = utf8(`${page('')}한`);
    const cut = decodeHtml(bytes.subarray(0, bytes.length - 1));
    expect(cut).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(cut.html).toContain(KO);
  });

  it('honours a UTF-8 BOM and strips it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page('<meta charset="euc-kr">'))]);
    const r = decodeHtml(bytes);
    expect(r).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(r.html.startsWith('<!doctype')).toBe(true);
    expect(r.html).toContain(KO);
  });

  it('falls back safely on unknown labels', () => {
    const r = decodeHtml(utf8(page('<meta charset="x-unknown-thing">')), 'text/html; charset=bogus');
    expect(r).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(r.html).toContain(KO);
  });

  it('defaults to lossy UTF-8 for bytes that are neither', () => {
    const r = decodeHtml(new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0x00, 0xfe, 0x01, 0x3c]));
    expect(r.source).toBe('default');
    expect(r.charset).toBe('utf-8');
  });

  it('decodePage uses the page content type', () => {
    expect(decodePage({ body: cp949(page('')), url: 'https://www.donga.com/x', contentType: 'text/html;charset="cp949"' })).toContain(KO);
  });

  it('extracts charset parameters', () => {
    expect(charsetFromContentType('text/html; charset="EUC-KR"')).toBe('EUC-KR');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType(undefined)).toBeNull();
  });
});

/**
 * Review R1. Browsers take the BOM first, then the HTTP header, then <meta> (WHATWG encoding sniffing).
 * We follow that order, except where the bytes prove the declaration wrong: an archive of mojibake is
 * worth nothing, and a misconfigured server header over legacy EUC-KR files is the common case.
 */
describe('decodeHtml: contradicting declarations', () => {
  it('a UTF-8 BOM beats a euc-kr header, as in browsers', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(page('<meta charset="euc-kr">'))]);
    const r = decodeHtml(bytes, 'text/html; charset=euc-kr');
    expect(r).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(r.html).toContain(KO);
    expect(r.html.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('header utf-8, meta euc-kr, bytes EUC-KR: the bytes are not UTF-8, so the meta is believed', () => {
    const r = decodeHtml(cp949(page('<meta charset="euc-kr">')), 'text/html; charset=utf-8');
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(r.html).toContain(KO);
  });

  it('header utf-8, no meta, bytes EUC-KR: sniffed', () => {
    const r = decodeHtml(cp949(page('')), 'text/html; charset=utf-8');
    expect(r).toMatchObject({ charset: 'euc-kr', source: 'sniff' });
    expect(r.html).toContain(KO);
  });

  it('a euc-kr or latin-1 declaration over valid multi-byte UTF-8 is overruled', () => {
    const meta = decodeHtml(utf8(page('<meta charset="euc-kr">')));
    expect(meta).toMatchObject({ charset: 'utf-8', source: 'sniff' });
    expect(meta.html).toContain(KO);
    const header = decodeHtml(utf8(page('')), 'text/html; charset=ISO-8859-1');
    expect(header.html).toContain(KO);
  });

  it('still trusts a utf-8 header when only the last character was cut off', () => {
    const bytes = utf8(page(''));
    const cut = new Uint8Array([...bytes, 0xea, 0xb0]);
    expect(decodeHtml(cut, 'text/html; charset=utf-8')).toMatchObject({ charset: 'utf-8', source: 'header' });
  });
});
