/**
 * Photo captions printed as ordinary body paragraphs (no `<figure>`/`<figcaption>`, no caption class), told
 * from story text by their credit line and by where they sit (right after a picture). Pure.
 *
 * Trade-off: dropping a real paragraph is worse than keeping a caption, so every rule needs a sign no story
 * paragraph gives. Anywhere in the body, only an explicit photo credit counts (`(Photo=Yonhap)`,
 * `Photo by …`, `Courtesy of …` after the last sentence, `사진=뉴시스`). Right after a picture, a paragraph
 * also counts when it ends in an agency or source credit after its last sentence (`… on Thursday. News1`,
 * `… 대통령실 제공`), or when it is a caption-like fragment with no closing punctuation. A caption that ends
 * like a sentence and names no source (`Lawmakers vote on Thursday.`) is left in: nothing tells it from a
 * short paragraph.
 */

/** Where a paragraph sits. */
export interface CaptionContext {
  /** A photo or video sits right before the paragraph (or inside its block). */
  afterMedia: boolean;
  /**
   * The paragraph closes a story of several paragraphs. A bare news-agency credit there (`… he said. Yonhap`,
   * `…밝혔다. 연합뉴스`) is the story's source line, not a photo's, even under a photo.
   */
  closesStory?: boolean;
}

const MAX_CAPTION = 300;

/**
 * After the last sentence end (or alone, or after a slash), one or more credits joined by `/`, `·`, `,`, `&`:
 * `… Thursday. News1`, `… (Yonhap)`, `AP/Newsis`, `…있다/뉴스1`, `(서울=뉴시스)`.
 */
function creditTail(credit: string, lang: 'en' | 'ko'): RegExp {
  const before = lang === 'en' ? String.raw`(?:^|[.!?"”’)]\s*|\s(?=[(\[]))` : String.raw`(?:^|[.!?。"”’」』)]\s*|\s*[/／]\s*)`;
  const place = lang === 'ko' ? String.raw`(?:[가-힣]{1,10}\s*=\s*)?` : '';
  const join = lang === 'en' ? String.raw`\s*[/·,&-]?\s*` : String.raw`\s*[/·]\s*`;
  return new RegExp(String.raw`${before}[(\[]?${place}${credit}(?:${join}${credit})*[)\]]?${lang === 'en' ? String.raw`\.?` : ''}$`);
}

// ---------------------------------------------------------------------------------------------
// English

/** News agencies: the credit a wire story, or a wire photo, ends with. */
const EN_WIRE = 'Yonhap(?: News(?: Agency)?)?|News ?1|Newsis|AP|AFP|Reuters|EPA|UPI|Xinhua|Kyodo(?: News)?';
/** News agencies, picture agencies and the paper's own archive, as printed after a caption. */
const EN_SOURCE = String.raw`${EN_WIRE}|Getty ?Images(?: ?Bank| Korea)?|(?:The )?Dong-?A Ilbo(?: DB)?|Donga(?:\.com)? DB|DB`;
const EN_WIRE_TAIL_RE = creditTail(`(?:${EN_WIRE})`, 'en');
const EN_SOURCE_TAIL_RE = creditTail(`(?:${EN_SOURCE})`, 'en');
/**
 * `(Photo=Yonhap)`, `[Photo: Newsis]`, `(Courtesy of Samsung)`, `(Photo courtesy of …)`, at the end. A credit
 * needs `=`, `:`, `by` or `courtesy of`: `(images are posted daily).` is a sentence, not a credit.
 */
const EN_BRACKET_CREDIT_RE = /[([]\s*(?:(?:photos?|images?|graphics?|video)\s*(?:=|:|by\b|courtesy of\b|provided by\b)|courtesy of\b)[^()[\]]{1,80}[)\]]\.?$/i;
/** `Photo=Yonhap`, `Photo by Kim Jae-myung`, `Photos: Reuters` ending the paragraph (printed capitalized, no period). */
const EN_BARE_CREDIT_RE = /(?:^|[.!?"”’)]\s*|\s)(?:Photos?|Images?|Graphics?)\s*(?:=|:|by\b|courtesy of\b)\s*[A-Z0-9][^.!?()[\]]{0,80}$/;
/** `… Thursday. Courtesy of Seoul National University` (no closing period). */
const EN_COURTESY_RE = /(?:^|[.!?"”’)]\s*)Courtesy of (?:the )?[A-Z][^.!?()]{0,80}$/;
/** After the last sentence, a short run of capitalized words (a source): `… Thursday. Presidential Office`. */
const EN_ORG_TAIL_RE = /[.!?"”’)]\s*((?:[A-Z][\w&'’.-]*)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|the|for|on|at|in|&)){0,6})$/;
const EN_TERMINAL_RE = /[.!?…"”’)\]:;]$/;
/** A sentence end followed by more text. */
const SENTENCE_INSIDE_RE = /[.!?。][”"’)]?\s/;

/**
 * True when an English body paragraph is a photo caption or credit line (see the module note for the rules).
 * Lines with an e-mail are bylines, never captions.
 */
export function isEnglishCaption(text: string, ctx: CaptionContext): boolean {
  if (text.length > MAX_CAPTION || text.includes('@')) return false;
  if (EN_BRACKET_CREDIT_RE.test(text) || EN_BARE_CREDIT_RE.test(text) || EN_COURTESY_RE.test(text)) return true;
  if (!ctx.afterMedia) return false;
  if (ctx.closesStory && EN_WIRE_TAIL_RE.test(text)) return false;
  if (EN_SOURCE_TAIL_RE.test(text)) return true;
  // Everything below needs a line that does not end like a sentence (`… the U.S. Army.` is prose).
  if (EN_TERMINAL_RE.test(text)) return false;
  const org = EN_ORG_TAIL_RE.exec(text);
  if (org && org[1]!.length <= 60 && !/^(?:I|A|The|He|She|We|They|It)$/.test(org[1]!)) return true;
  // A caption written as a fragment: `President Yoon Suk Yeol at the Cabinet meeting in Seoul on Tuesday`.
  // Six words or more, so a short sub-heading after a photo stays; one sentence and no dateline dash, so a
  // story paragraph that only lost its final period (`SEOUL — The government said …`) stays too.
  return /^[A-Z0-9“"]/.test(text) && text.length <= 200 && text.split(' ').length >= 6 && !SENTENCE_INSIDE_RE.test(text) && !/\s(?:—|–|--)\s/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Korean

/** News agencies (`AP뉴시스` included). */
const KO_WIRE = String.raw`(?:AP|AFP|EPA|UPI)?\s*(?:뉴시스|뉴스1|연합뉴스)|AP|AFP|EPA|UPI|로이터|신화|교도`;
/** News agencies, picture agencies, the paper's archive and `… 제공` (courtesy of): `…있다. 대통령실 제공`. */
const KO_SOURCE = String.raw`${KO_WIRE}|게티이미지(?:뱅크|코리아)?|동아일보\s*DB|동아\s*DB|DB|[가-힣A-Za-z0-9·]{1,20}\s*제공`;
const KO_WIRE_TAIL_RE = creditTail(`(?:${KO_WIRE})`, 'ko');
const KO_SOURCE_TAIL_RE = creditTail(`(?:${KO_SOURCE})`, 'ko');
/** `사진=뉴시스`, `(사진=대통령실 제공)`, `사진 제공=…`, `그래픽=…` ending the paragraph. */
const KO_PHOTO_CREDIT_RE = /(?:^|[.!?。"”’」』)]\s*|\s)[([]?\s*(?:사진|자료사진|그래픽|사진\s*제공)\s*[=:：]\s*([^=()[\].!?]{1,40})[)\]]?$/;
/** Caption fragments without a period: `…광장에서 시민들이 걷고 있다`, `…회의 모습`. */
const KO_FRAGMENT_END_RE = /(?:있다|했다|였다|모습|장면|전경)$/;
const KO_TERMINAL_RE = /[.!?。…"”’」』)\]]$/;
/** `사진=문형일 기자`: a credit naming a staff photographer, which at the end of the story is a byline. */
const KO_PERSON_CREDIT_RE = /^[가-힣]{2,4}\s*(?:[가-힣]{0,4}기자|특파원)/;

/**
 * True when a Korean body paragraph is a photo caption or credit line (see the module note). Lines with an
 * e-mail are bylines; a `사진=이름 기자` credit away from any picture is left for the byline reader.
 */
export function isKoreanCaption(text: string, ctx: CaptionContext): boolean {
  if (text.length > MAX_CAPTION || text.includes('@')) return false;
  const credit = KO_PHOTO_CREDIT_RE.exec(text);
  if (credit && (ctx.afterMedia || !KO_PERSON_CREDIT_RE.test(credit[1]!.trim()))) return true;
  if (!ctx.afterMedia) return false;
  if (ctx.closesStory && KO_WIRE_TAIL_RE.test(text)) return false;
  if (KO_SOURCE_TAIL_RE.test(text)) return true;
  return !KO_TERMINAL_RE.test(text) && text.length <= 200 && KO_FRAGMENT_END_RE.test(text) && !SENTENCE_INSIDE_RE.test(text);
}
