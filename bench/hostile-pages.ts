/**
 * Hostile pages: markup and text a malicious or broken server can send, each just under the
 * 5 MB body cap (MAX_BODY_BYTES). Used by the parse bench to time what each one ends in; every one must end
 * in a record or a typed ParseError, quickly.
 */

const EN_URL = 'https://www.donga.com/en/article/all/20200403/1994213/1';
const KO_URL = 'https://www.donga.com/news/Politics/article/all/20200403/100510316/2';

/** Just under the 5 MB body cap. */
const BIG = 4_500_000;

export interface HostilePage {
  name: string;
  lang: 'en' | 'ko';
  url: string;
  body: Uint8Array;
}

const enHead = '<html><head><title>Cost talks stall | The DONG-A ILBO</title></head><body><h1>Cost talks stall</h1><p>Posted April. 03, 2020 07:38</p>';
const koHead = '<html><head><title>방위비 협상 난항 : 동아일보</title></head><body><h1>방위비 협상 난항</h1><p>입력 2020-04-03 03:00</p>';
const enPara = 'The final agreement is being further delayed, officials said on Wednesday. ';
const koPara = '한미 방위비분담금 특별협정 최종 타결이 늦어지고 있다. ';

function fill(unit: string, bytes: number): string {
  const n = Math.max(1, Math.floor(bytes / Buffer.byteLength(unit)));
  return unit.repeat(n);
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** The hostile cases, for one language (the article URL decides which parser runs). */
export function hostilePages(lang: 'en' | 'ko'): HostilePage[] {
  const head = lang === 'en' ? enHead : koHead;
  const para = lang === 'en' ? enPara : koPara;
  const url = lang === 'en' ? EN_URL : KO_URL;
  const body = lang === 'en' ? '<div>' : '<div class="article_txt">';
  const page = (name: string, html: string | Uint8Array): HostilePage => ({
    name,
    lang,
    url,
    body: typeof html === 'string' ? utf8(html) : html,
  });
  const out: HostilePage[] = [
    page('100k nested <div>s', `${head}${'<div>'.repeat(100_000)}${para}${'</div>'.repeat(100_000)}</body></html>`),
    page('100k nested <div>s, never closed', `${head}${'<div>'.repeat(100_000)}${para}`),
    page('4.5 MB line without tags (words)', `${head}${fill(para, BIG)}`),
    page('4.5 MB line without tags or spaces', `${head}${'a'.repeat(BIG)}`),
    page('4.5 MB line, no tags, only text', fill(para, BIG)),
    page('100k paragraphs (or as many as fit)', `${head}${body}${fill(`<p>${para}</p>`, BIG)}</div></body></html>`),
    page('one enormous text node in a <p>', `${head}${body}<p>${fill(para, BIG)}</p></div></body></html>`),
    page(
      '50k attributes on one element',
      `${head}${body}<p ${Array.from({ length: 50_000 }, (_, i) => `a${i}="${i}"`).join(' ')}>${para}</p></div></body></html>`,
    ),
    page(
      '1 MB <title> and meta content',
      `<html><head><title>${'T'.repeat(1_000_000)}</title><meta property="og:title" content="${'M '.repeat(500_000)}"><meta name="description" content="${'d'.repeat(1_000_000)}"></head><body><h1>Cost talks stall</h1><p>${lang === 'en' ? 'Posted April. 03, 2020 07:38' : '입력 2020-04-03 03:00'}</p>${body}<p>${para.repeat(5)}</p></div></body></html>`,
    ),
    page('4.5 MB of Hangul without spaces', `${head}${body}<p>${fill('가나다라마바사아자차카타파하', BIG)}</p></div></body></html>`),
    page('4.5 MB of &amp; entities', `${head}${body}<p>${fill('&amp;', BIG)}</p></div></body></html>`),
    page('NUL bytes', `${head}${body}<p>${fill(`${para}\u0000`, 1_000_000)}</p>${'\u0000'.repeat(1_000_000)}</div></body></html>`),
    page('invalid UTF-8 / CP949 mix', mixedBytes(head, body, para)),
    page('only <br>s', fill('<br>', BIG)),
    page('only <br>s after a header', `${head}${body}${fill('<br>', BIG)}</div></body></html>`),
    page('4.5 MB of unclosed <script', `${head}${fill('<script ', BIG)}`),
    page('4.5 MB of unclosed comments', `${head}${fill('<!-- ', BIG)}`),
    page('4.5 MB of e-mail-like text', `${head}${body}<p>${fill('a.b.c@d.', BIG)}</p></div></body></html>`),
    page('4.5 MB of ⓒ', `${head}${body}<p>${para}${fill('ⓒ', BIG)}</p></div></body></html>`),
    page('4.5 MB of "copy link"', `${head}${body}<p>${fill('copy link ', BIG)}!</p></div></body></html>`),
    page('1M empty <a> links', `${head}${body}<p>${para}</p>${fill('<a href="/en/article/all/20200403/1/1">x</a>', BIG)}</div></body></html>`),
  ];
  return out;
}

/** Valid UTF-8, CP949 Hangul and stray bytes interleaved (no charset can decode it cleanly). */
function mixedBytes(head: string, body: string, para: string): Uint8Array {
  const parts: Buffer[] = [Buffer.from(`${head}${body}<p>`, 'utf8')];
  const cp949 = Buffer.from([0xb0, 0xa1, 0xb3, 0xaa, 0xb4, 0xd9]); // 가나다 in CP949
  const junk = Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0x28]);
  const unit = Buffer.concat([Buffer.from(para, 'utf8'), cp949, junk]);
  let size = 0;
  while (size < 1_000_000) {
    parts.push(unit);
    size += unit.length;
  }
  parts.push(Buffer.from('</p></div></body></html>', 'utf8'));
  return new Uint8Array(Buffer.concat(parts));
}
