/**
 * Text as a reader sees it: Unicode NFC, every run of whitespace (including NBSP, zero-width
 * and ideographic spaces) folded to one space, trimmed. Control characters (NUL among them, which
 * PostgreSQL's jsonb refuses) are dropped.
 */
export function cleanText(s: string): string {
  return (
    s
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u200B-\u200D\uFEFF]/g, '')
      .replace(/[\s\u00A0\u3000]+/g, ' ')
      .trim()
  );
}

/** The site's names as page titles spell them (Korean, English, the JP/CN editions' Kanji). */
const SITE_NAME = String.raw`(?:the\s+)?dong-?a\s+ilbo|동아일보|동아닷컴|donga\.com|東亞日報|東亜日報|东亚日报`;
/**
 * A site name that opens a title: bracketed (`[동아일보] `, `【동아닷컴】`, `(The Dong-A Ilbo) `) or followed by a
 * separator (`동아닷컴 - `, `The Dong-A Ilbo :: `, `동아일보 | `, `donga.com > `). A name with no separator after it is
 * the headline's own subject (`동아일보 창간 105주년`) and stays, and so does one joined to a partner by a bare hyphen
 * or a middle dot (`동아일보-리서치앤리서치 여론조사`, `동아일보·채널A 공동 조사`): a dash separates only with spaces
 * around it, a colon only with a space after it.
 */
const SITE_PREFIX_RE = new RegExp(
  String.raw`^(?:[\[【(〔<]\s*(?:${SITE_NAME})\s*[\]】)〕>]\s*(?:[:|｜ㅣ\-–—]\s+)?|(?:${SITE_NAME})(?:\s*(?:::|[|｜ㅣ»>])\s*|\s*:\s+|\s+[\-–—]\s+))`,
  'i',
);

/**
 * A title without a leading site name (`동아닷컴 - 제목`, `The Dong-A Ilbo :: Title`, `[동아일보] 제목`), cleaned.
 * The site suffixes (`제목 : 동아일보`, `Title | The DONG-A ILBO`) are each parser's business, since they come with
 * section crumbs; a title that is nothing but the site name is returned as it is. Pure.
 */
export function stripSitePrefix(title: string): string {
  const t = cleanText(title);
  const rest = t.replace(SITE_PREFIX_RE, '').trim();
  return rest ? rest : t;
}

/**
 * Longest run of characters without whitespace that a paragraph of prose can hold. Real text stays far below it (the
 * longest URLs in news copy run to a few hundred characters); a page that puts megabytes of one "word" in its body
 * is not an article, and its body must not become a record.
 */
export const MAX_TOKEN_CHARS = 1_000;

/** Whether `paragraph` reads as text: no run of more than {@link MAX_TOKEN_CHARS} characters without a space. Linear. */
export function isProse(paragraph: string): boolean {
  let run = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000) run = 0;
    else if (++run > MAX_TOKEN_CHARS) return false;
  }
  return true;
}
