import type { Author } from '../records/article.js';
import { cleanText } from './text.js';

/**
 * Korean bylines as Dong-A prints them (docs/site-notes.md, Korean bylines):
 * `[지명=]이름[·이름] 직함 email…`, glued to the last sentence, or as a `【지명=이름 직함】` body prefix.
 * Wire credits (`(목포=뉴스1)`, `=AP`, `로이터·동아닷컴 특약`) are recognised but are never authors. Pure.
 */

export interface KoreanByline {
  authors: Author[];
  /** Place the story was filed from (`워싱턴`), or null. */
  dateline: string | null;
  /** Wire service credited (`뉴스1`, `AP`), or null. */
  wire: string | null;
}

/** Roles that may be glued to a name (`유진아기자`); longest first so `인턴기자` wins over `기자`. */
const STRICT_ROLES = [
  '객원논설위원',
  '수석논설위원',
  '의학전문기자',
  '논설위원',
  '논설실장',
  '논설주간',
  '선임기자',
  '전문기자',
  '인턴기자',
  '수습기자',
  '객원기자',
  '특별기자',
  '편집국장',
  '칼럼니스트',
  '부국장',
  '대기자',
  '특파원',
  '기자',
  '차장',
  '부장',
  '팀장',
  '에디터',
];

/** A role written as its own word (`윤양섭 전문기자`, `김순덕 대기자`, `이진한 의학전문기자`). */
const ROLE_WORD_RE = /^(?:[가-힣]{0,4}(?:기자|특파원|논설위원|논설실장|논설주간|칼럼니스트|편집국장|부국장|차장|부장|팀장|에디터))$/;

const NAME_RE = /^[가-힣]{2,4}$/;
/** Words that look like names (2–4 Hangul syllables) but never are. */
const NOT_NAMES = new Set([
  '동아일보',
  '동아닷컴',
  '동아',
  '사진',
  '뉴스',
  '기자',
  '특파원',
  '연합뉴스',
  '연합',
  '뉴시스',
  '제공',
  '자료',
  '그래픽',
  '취재',
  '정리',
  '편집',
  '일러스트',
  '영상',
  '로이터',
  '신화',
  '교도',
  '블룸버그',
  '특약',
  '통신',
  '본지',
  '기사',
  '독자',
  '전문',
  '인턴',
]);

/** Words before `=` that credit a photo/graphic rather than name a place. */
const NOT_DATELINES = new Set(['사진', '그래픽', '일러스트', '영상', '자료', '글', '정리', '취재', '글사진', '사진제공']);

const WIRE_WORDS = /(뉴스1|뉴시스|연합뉴스|연합|AFP|AP|EPA|UPI|로이터|신화|교도|블룸버그|dpa|XINHUA|Reuters|동아닷컴\s*특약|특약|통신)/gi;
const WIRE_NAME = /뉴스1|뉴시스|연합뉴스|AFP|AP|EPA|UPI|로이터|신화|교도|블룸버그|dpa|XINHUA|Reuters|연합/i;

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const DATELINE_RE = /^([가-힣A-Za-z]{1,12}(?: [가-힣]{1,6})?)\s*[=＝｜]\s*/;

interface Segment {
  text: string;
  emails: string[];
}

/** `name role` (or glued `namerole`) → authors without e-mail, or null when it is not that shape. */
function namesAndRole(s: string, allowNoRole: boolean): { names: string[]; role: string | null } | null {
  let dongaCom = false;
  let t = s.replace(/동아닷컴/g, () => {
    dongaCom = true;
    return ' ';
  });
  t = t
    .replace(/^\s*(?:글\s*[·・ㆍ]\s*)?사진\s*[·・ㆍ=]\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!t) return null;
  let namePart: string | null = null;
  let role: string | null = null;
  const words = t.split(' ');
  const last = words[words.length - 1]!;
  if (words.length >= 2 && ROLE_WORD_RE.test(last)) {
    namePart = words.slice(0, -1).join(' ');
    role = last;
  } else {
    for (const r of STRICT_ROLES) {
      if (t.endsWith(r) && t.length > r.length) {
        namePart = t.slice(0, -r.length);
        role = r;
        break;
      }
    }
    if (role === null && allowNoRole) namePart = t;
  }
  if (namePart === null) return null;
  const names = namePart.split(/\s*[·・ㆍ,/]\s*|\s+/).filter(Boolean);
  // Dong-A joins several reporters with `·`; names separated only by spaces are words of a sentence
  // (`이날 행사에는 김철수 기자`) unless e-mails vouch for a byline.
  if (!allowNoRole && names.length > 1 && !/[·・ㆍ,/]/.test(namePart)) return null;
  if (names.length === 0 || names.length > 6) return null;
  for (const n of names) if (!NAME_RE.test(n) || NOT_NAMES.has(n)) return null;
  if (dongaCom && role === '기자') role = '동아닷컴 기자';
  return { names, role };
}

function isWire(s: string): string | null {
  const name = WIRE_NAME.exec(s)?.[0] ?? null;
  if (!name) return null;
  const rest = s
    .replace(WIRE_WORDS, '')
    .replace(/동아닷컴/g, '')
    .replace(/[\s·・ㆍ,=/()[\]【】]+/g, '');
  return rest === '' ? name : null;
}

/** Splits byline text at e-mails: each piece of text owns the e-mails that follow it. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(EMAIL_RE)) {
    const piece = text.slice(last, m.index).replace(/^[\s·・ㆍ,/]+|[\s·・ㆍ,/]+$/g, '');
    const email = m[0].toLowerCase().replace(/\.+$/, '');
    const prev = out[out.length - 1];
    if (piece === '' && prev) prev.emails.push(email);
    else out.push({ text: piece, emails: [email] });
    last = m.index + m[0].length;
  }
  const tail = text.slice(last).replace(/^[\s·・ㆍ,/]+|[\s·・ㆍ,/.]+$/g, '');
  if (tail) out.push({ text: tail, emails: [] });
  return out;
}

/**
 * Parses a byline line (`워싱턴=문병기 특파원 weappon@donga.com`, `김지원·박민수 기자`, `(목포=뉴스1)`),
 * or returns null when the text is not a byline. Several e-mails after several names pair up in order.
 */
export function parseKoreanByline(text: string): KoreanByline | null {
  let t = cleanText(text).replace(/^\[동아일보\]\s*/, '');
  if (!t || t.length > 200) return null;
  // Whole line in brackets: `【워싱턴=문병기 특파원】`, `(목포=뉴스1)`.
  const wrapped = /^[【[(]([^【】[\]()]+)[】\])]$/.exec(t);
  if (wrapped) t = wrapped[1]!.trim();

  const authors: Author[] = [];
  let dateline: string | null = null;
  let wire: string | null = null;
  // A bracketed `(지명=통신사)` wire credit inside the line.
  t = t.replace(/[([【]\s*([^()[\]【】=]{1,12})\s*=\s*([^()[\]【】]{1,20})[)\]】]/g, (all, place: string, who: string) => {
    const w = isWire(who);
    if (!w) return all;
    wire ??= w;
    if (!NOT_DATELINES.has(place.trim())) dateline ??= place.trim();
    return ' ';
  });

  const segs = segments(t);
  if (segs.length === 0) return wire ? { authors, dateline, wire } : null;
  let orphanEmails: string[] = [];
  for (const seg of segs) {
    let s = seg.text;
    const dl = DATELINE_RE.exec(s);
    if (dl) {
      const place = dl[1]!.trim();
      // `사진=…` credits a photo, it is no place; the credit itself may still be a name or a wire.
      if (!NOT_DATELINES.has(place.replace(/\s/g, ''))) {
        if (isWire(place)) wire ??= isWire(place);
        else dateline ??= place;
      }
      s = s.slice(dl[0].length);
    } else if (/^[=＝]\s*/.test(s)) {
      s = s.replace(/^[=＝]\s*/, '');
    }
    if (s === '') {
      orphanEmails.push(...seg.emails);
      continue;
    }
    const w = isWire(s);
    if (w) {
      wire ??= w;
      continue;
    }
    // Names with their own roles: `김지원 기자·박민수 특파원`.
    const parts = s.split(/\s*[·・ㆍ,/]\s*/);
    let parsed: { names: string[]; role: string | null }[] | null = null;
    if (parts.length > 1) {
      const each = parts.map((p) => namesAndRole(p, false));
      if (each.every((e) => e !== null && e.role !== null)) parsed = each as { names: string[]; role: string | null }[];
    }
    if (!parsed) {
      const one = namesAndRole(s, seg.emails.length > 0);
      if (!one) return null;
      parsed = [one];
    }
    const emails = [...orphanEmails, ...seg.emails];
    orphanEmails = [];
    for (const p of parsed) {
      for (const name of p.names) {
        authors.push({ name, email: emails.shift() ?? null, role: p.role });
      }
    }
  }
  // E-mails with no name left over (`… 기자` then a line with just the address) go to authors missing one.
  for (const a of authors) if (a.email === null && orphanEmails.length > 0) a.email = orphanEmails.shift()!;
  if (authors.length === 0 && !wire && orphanEmails.length === 0) return null;
  return { authors, dateline, wire };
}

const TERMINATOR = /[.!?。"”’」』)\]…]/;

/**
 * Korean surnames (one syllable; the two-syllable ones below), covering all but a sliver of the population.
 * A byline glued to the last sentence without an e-mail is trusted only when its names start with one.
 */
const SURNAMES = new Set(
  [
    '김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염',
    '여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감호계음빈동온승견상',
  ].join(''),
);
const COMPOUND_SURNAMES = ['남궁', '황보', '제갈', '선우', '독고', '사공', '서문', '동방'];

function isPersonName(name: string): boolean {
  return SURNAMES.has(name[0]!) || (name.length >= 3 && COMPOUND_SURNAMES.includes(name.slice(0, 2)));
}

/** A bare news-agency credit after the last sentence: `…밝혔다. 연합뉴스`, `…밝혔다./뉴시스`, `…밝혔다. AP뉴시스`. */
const WIRE_TAIL_RE = /[.!?。"”’」』)]\s*\/?\s*((?:(?:AP|AFP|EPA|UPI)\s*)?(?:뉴시스|뉴스1|연합뉴스)|로이터|신화|교도|AP|AFP)$/;

/** A paragraph ending in a staff role (`… 기자`, `… 특파원`): a candidate for a glued e-mail-less byline. */
const ROLE_END_RE = new RegExp(`(?:${STRICT_ROLES.join('|')})$`);

/**
 * `…밝혔다.김지원 기자`, `…밝혔다. 워싱턴=문병기 특파원`: a byline without e-mail after the paragraph's last
 * sentence end. Only the text after the LAST terminator is tried, it must end in a role and every name must
 * start with a surname, so `…라고 한 기자가 말했다.` (ends in a period) or `이날 행사에는 김철수 기자` (no sentence
 * end before it) stay prose.
 */
function splitGluedRoleByline(p: string): { text: string; byline: KoreanByline } | null {
  if (!ROLE_END_RE.test(p)) return null;
  let cut = -1;
  for (let i = p.length - 1; i > 0; i--) {
    if (TERMINATOR.test(p[i]!)) {
      cut = i + 1;
      break;
    }
  }
  if (cut < 0 || p.length - cut > 40) return null;
  const tail = p.slice(cut).trim();
  const byline = parseKoreanByline(tail);
  if (!byline || byline.authors.length === 0) return null;
  if (!byline.authors.every((a) => a.email === null && a.role !== null && isPersonName(a.name))) return null;
  return { text: p.slice(0, cut).trim(), byline };
}

/**
 * Splits a byline off the end of a paragraph: the whole paragraph (`한기재 기자 record@donga.com`), or one
 * glued to the last sentence (`…밝혔다.유진아기자 reporter@donga.com`, or without e-mail `…밝혔다.김지원 기자`
 * when it follows the last sentence end and its names look like names).
 * Returns the remaining text (possibly empty) and the byline, or the paragraph unchanged and null.
 */
export function splitTrailingByline(paragraph: string): { text: string; byline: KoreanByline | null } {
  const p = cleanText(paragraph);
  const whole = parseKoreanByline(p);
  if (whole) return { text: '', byline: whole };
  const glued = splitGluedRoleByline(p);
  if (glued) return glued;
  const wire = WIRE_TAIL_RE.exec(p);
  const wireByline = wire ? parseKoreanByline(wire[1]!) : null;
  if (wire && wireByline) return { text: p.slice(0, wire.index + 1).trim(), byline: wireByline };
  if (!/@|[=＝]\s*(?:뉴스1|뉴시스|연합뉴스|AP|AFP|로이터)|특약|\)$/.test(p)) return { text: p, byline: null };
  // Leftmost start after a sentence end (or a space) whose tail is a byline = the longest byline.
  const from = Math.max(1, p.length - 160);
  for (let i = from; i < p.length; i++) {
    const prev = p[i - 1]!;
    if (p[i] === ' ' || (prev !== ' ' && !TERMINATOR.test(prev))) continue;
    const tail = p.slice(i);
    if (!/@/.test(tail) && !/[=＝(【[]/.test(tail)) continue;
    const byline = parseKoreanByline(tail);
    if (byline) return { text: p.slice(0, i).trim(), byline };
  }
  return { text: p, byline: null };
}

/**
 * Removes a byline/dateline prefix from the first paragraph: `【워싱턴=문병기 특파원】`, `[워싱턴=AP뉴시스]`,
 * `(서울=뉴스1) 홍길동 기자 =`, `[동아일보]`. Returns the rest and the parsed prefix (null when there was none).
 */
export function splitLeadingByline(paragraph: string): { text: string; byline: KoreanByline | null } {
  let p = cleanText(paragraph);
  let byline: KoreanByline | null = null;
  const dropped = p.replace(/^\[동아일보\]\s*/, '');
  const changed = dropped !== p;
  p = dropped;
  const m = /^[【[(]([^【】[\]()]{2,40})[】\])]\s*/.exec(p);
  if (m && /[=＝]/.test(m[1]!)) {
    const b = parseKoreanByline(m[1]!);
    if (b) {
      byline = b;
      p = p.slice(m[0].length);
      // Wire style continues with `홍길동 기자 =` before the story.
      const who = /^([가-힣·\s]{2,24}?)\s*=\s*/.exec(p);
      if (who) {
        const more = namesAndRole(who[1]!, false);
        if (more?.role) {
          for (const name of more.names) byline.authors.push({ name, email: null, role: more.role });
          p = p.slice(who[0].length);
        }
      }
    }
  }
  if (!byline && !changed) return { text: p, byline: null };
  return { text: p.trim(), byline };
}
