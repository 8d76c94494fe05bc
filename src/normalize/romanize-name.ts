/**
 * Korean personal names → the romanizations a Dong-A English byline uses, and a matcher for them
 * (docs/alignment.md, Reporters and names). Given names follow Revised Romanization syllable by syllable, with no sound changes
 * between syllables (정석민 → Seok-min, not Seong-min); surnames take their customary spellings (이 → Lee, 박 →
 * Park); the English side may hyphenate the given name or not and put either name first. Pure.
 */

const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIALS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
/** Final consonants as RR writes them at the end of a syllable (no liaison: names are romanized syllable by syllable). */
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

/** Spellings seen in English bylines and passports besides RR, per letter group. */
const INITIAL_VARIANTS: Record<string, string[]> = {
  g: ['g', 'k'],
  d: ['d', 't'],
  b: ['b', 'p'],
  j: ['j', 'ch'],
  r: ['r', 'l', 'n', ''],
  s: ['s', 'sh'],
  kk: ['kk', 'gg', 'k'],
  tt: ['tt', 'dd', 't'],
  pp: ['pp', 'bb', 'p'],
  jj: ['jj', 'j', 'tch'],
  ss: ['ss', 's'],
  ch: ['ch'],
  k: ['k'],
  t: ['t'],
  p: ['p'],
  h: ['h'],
  n: ['n'],
  m: ['m'],
  '': [''],
};
const MEDIAL_VARIANTS: Record<string, string[]> = {
  eo: ['eo', 'u', 'o'],
  yeo: ['yeo', 'yu', 'yo', 'you'],
  eu: ['eu', 'u'],
  u: ['u', 'oo'],
  i: ['i', 'ee'],
  ui: ['ui', 'ee', 'eui', 'i'],
  oe: ['oe', 'oi', 'oe'],
  ae: ['ae', 'ai'],
  yu: ['yu', 'you', 'yoo'],
  wo: ['wo', 'weo'],
  o: ['o', 'oh'],
  ye: ['ye', 'yeh'],
  e: ['e', 'ae'],
  wi: ['wi', 'wee'],
};
const FINAL_VARIANTS: Record<string, string[]> = { k: ['k', 'g'], t: ['t', 'd'], p: ['p', 'b'], l: ['l', 'r'], ng: ['ng'], n: ['n'], m: ['m'], '': [''] };

/**
 * Customary spellings of common surnames, most frequent first (the first is the display form). RR and its letter
 * variants are always accepted besides these.
 */
export const SURNAME_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  김: ['Kim', 'Gim'],
  이: ['Lee', 'Yi', 'Rhee', 'Rhie', 'Ri'],
  박: ['Park', 'Pak', 'Bak'],
  최: ['Choi', 'Choe', 'Chey'],
  정: ['Jung', 'Jeong', 'Chung', 'Joung', 'Cheong'],
  강: ['Kang', 'Gang', 'Kahng'],
  조: ['Cho', 'Jo', 'Joe', 'Chough'],
  윤: ['Yoon', 'Yun', 'Youn'],
  장: ['Jang', 'Chang'],
  임: ['Lim', 'Im', 'Rim', 'Yim'],
  한: ['Han', 'Hahn'],
  오: ['Oh', 'O'],
  서: ['Seo', 'Suh', 'Seoh'],
  신: ['Shin', 'Sin', 'Shinn'],
  권: ['Kwon', 'Gwon', 'Kweon'],
  황: ['Hwang'],
  안: ['Ahn', 'An'],
  송: ['Song'],
  유: ['Yoo', 'Yu', 'You'],
  류: ['Ryu', 'Yoo', 'Yu', 'Lyu', 'Ryoo'],
  홍: ['Hong'],
  전: ['Jeon', 'Jun', 'Chun', 'Jeun', 'Chon'],
  고: ['Ko', 'Go', 'Koh'],
  문: ['Moon', 'Mun'],
  양: ['Yang'],
  손: ['Son', 'Sohn'],
  배: ['Bae', 'Pae'],
  백: ['Baek', 'Paik', 'Baik', 'Paek'],
  허: ['Heo', 'Huh', 'Hur'],
  남: ['Nam'],
  심: ['Shim', 'Sim'],
  노: ['Noh', 'No', 'Roh'],
  로: ['Roh', 'Ro', 'No'],
  하: ['Ha'],
  곽: ['Kwak', 'Gwak'],
  성: ['Sung', 'Seong'],
  차: ['Cha'],
  주: ['Joo', 'Ju', 'Chu'],
  우: ['Woo', 'U'],
  구: ['Koo', 'Gu', 'Ku'],
  민: ['Min'],
  나: ['Na', 'Ra'],
  라: ['Ra', 'La'],
  진: ['Jin', 'Chin'],
  지: ['Ji', 'Chi'],
  엄: ['Eom', 'Um', 'Uhm'],
  채: ['Chae', 'Chai'],
  원: ['Won'],
  천: ['Chun', 'Cheon', 'Chon'],
  방: ['Bang', 'Pang'],
  공: ['Kong', 'Gong'],
  현: ['Hyun', 'Hyeon'],
  함: ['Ham', 'Hahm'],
  변: ['Byun', 'Byeon', 'Pyun'],
  염: ['Yeom', 'Yum'],
  여: ['Yeo', 'Yuh'],
  추: ['Choo', 'Chu'],
  도: ['Do', 'Doh'],
  소: ['So'],
  석: ['Seok', 'Suk'],
  선: ['Sun', 'Seon'],
  설: ['Seol', 'Sul'],
  마: ['Ma'],
  길: ['Gil', 'Kil'],
  연: ['Yeon', 'Yun'],
  위: ['Wi', 'Wee'],
  표: ['Pyo'],
  명: ['Myung', 'Myeong'],
  기: ['Ki', 'Gi'],
  반: ['Ban'],
  왕: ['Wang'],
  금: ['Keum', 'Geum'],
  옥: ['Ok'],
  육: ['Yuk', 'Yook'],
  인: ['In'],
  맹: ['Maeng'],
  제: ['Je'],
  모: ['Mo'],
  탁: ['Tak'],
  국: ['Kook', 'Guk'],
  은: ['Eun'],
  편: ['Pyun', 'Pyeon'],
  용: ['Yong'],
  예: ['Ye'],
  경: ['Kyung', 'Gyeong'],
  봉: ['Bong'],
  부: ['Boo', 'Bu'],
  빈: ['Bin'],
  황보: ['Hwangbo'],
  남궁: ['Namkoong', 'Namgung'],
  제갈: ['Jegal'],
  선우: ['Sunwoo', 'Seonu'],
  독고: ['Dokgo'],
  사공: ['Sagong'],
  서문: ['Seomun'],
};

const COMPOUND_SURNAMES = new Set(['황보', '남궁', '제갈', '선우', '독고', '사공', '서문']);

function jamo(syllable: string): [number, number, number] | null {
  const c = syllable.charCodeAt(0) - 0xac00;
  if (c < 0 || c > 11171) return null;
  return [Math.floor(c / 588), Math.floor((c % 588) / 28), c % 28];
}

/** RR of one Hangul syllable on its own (`석` → `seok`, `림` → `rim`), or null for a non-syllable. */
export function romanizeSyllable(syllable: string): string | null {
  const j = jamo(syllable);
  return j ? INITIALS[j[0]]! + MEDIALS[j[1]]! + FINALS[j[2]]! : null;
}

/** A regex source accepting the usual spellings of one syllable (`정` → `(?:j|ch)(?:eo|u|o)ng`). */
function syllablePattern(syllable: string): string | null {
  const j = jamo(syllable);
  if (!j) return null;
  const alt = (xs: readonly string[]) => `(?:${[...new Set(xs)].join('|')})`;
  const i = INITIALS[j[0]]!;
  const m = MEDIALS[j[1]]!;
  const f = FINALS[j[2]]!;
  let initial = INITIAL_VARIANTS[i] ?? [i];
  // `시` is written `shi` as often as `si`, but `사`/`소` rarely take the h.
  if (i === 's' && m !== 'i' && m !== 'wi') initial = ['s'];
  let medial = MEDIAL_VARIANTS[m] ?? [m];
  // A vowel-initial `우` is written `woo` as often as `u` (`Jin-woo`, `Min-woo`).
  if (i === '' && m === 'u') medial = ['u', 'oo', 'woo', 'wu'];
  let final = FINAL_VARIANTS[f] ?? [f];
  // `-ung`/`-ong`: ㅓ+ㅇ is `eong|ung|ong` (정 Jung), ㅜ+ㅇ never `oong`.
  if (m === 'u' && f === 'ng') return `${alt(initial)}ung`;
  if (f === 'k') final = ['k', 'g', 'c', 'ck'];
  return `${alt(initial)}${alt(medial)}${alt(final)}`;
}

export interface RomanizedName {
  /** The Hangul family name (one syllable, or two for 남궁, 제갈 …). */
  familyHangul: string;
  givenHangul: string;
  /** Accepted family-name spellings, display form first (`Lee`, `Yi`, …, `I`). */
  family: string[];
  /** The RR given name, hyphenated and capitalised as bylines print it (`Gi-jae`). */
  given: string;
  /** Display forms in both orders, with and without hyphen: `Gi-jae Han`, `Gijae Han`, `Han Gi-jae`, `Han Gijae`. */
  forms: string[];
}

const cap = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

function isHangulName(name: string): boolean {
  return /^[가-힣]{2,5}$/.test(name);
}

function splitName(name: string): { family: string; given: string } | null {
  const n = name.replace(/\s+/g, '');
  if (!isHangulName(n)) return null;
  if (n.length >= 3 && COMPOUND_SURNAMES.has(n.slice(0, 2))) return { family: n.slice(0, 2), given: n.slice(2) };
  return { family: n.slice(0, 1), given: n.slice(1) };
}

/** The byline romanizations of a Hangul name (`한기재` → `Gi-jae Han` …), or null when it is not a Hangul name. */
export function romanizeKoreanName(name: string): RomanizedName | null {
  const parts = splitName(name);
  if (!parts) return null;
  const rrFamily = cap([...parts.family].map((s) => romanizeSyllable(s)!).join(''));
  const family = [...new Set([...(SURNAME_SPELLINGS[parts.family] ?? []), rrFamily])];
  const syllables = [...parts.given].map((s) => romanizeSyllable(s)!);
  const given = cap(syllables.join('-'));
  const joined = cap(syllables.join(''));
  const f = family[0]!;
  const forms = [...new Set([`${given} ${f}`, `${joined} ${f}`, `${f} ${given}`, `${f} ${joined}`])];
  return { familyHangul: parts.family, givenHangul: parts.given, family, given, forms };
}

const matcherCache = new Map<string, { family: RegExp; given: RegExp } | null>();

function matcherOf(koName: string): { family: RegExp; given: RegExp } | null {
  let m = matcherCache.get(koName);
  if (m !== undefined) return m;
  const parts = splitName(koName);
  if (!parts) m = null;
  else {
    const famPat = [...parts.family].map(syllablePattern).join('');
    const customary = (SURNAME_SPELLINGS[parts.family] ?? []).map((s) => s.toLowerCase());
    m = {
      family: new RegExp(`^(?:${[...customary, famPat].join('|')})$`),
      given: new RegExp(`^${[...parts.given].map(syllablePattern).join('')}$`),
    };
  }
  if (matcherCache.size > 2000) matcherCache.clear();
  matcherCache.set(koName, m);
  return m;
}

/** Lower-case letter tokens of a romanized name, hyphens kept inside tokens (`Gi-Jae Han` → [`gi-jae`, `han`]). */
function latinTokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^-+|-+$/g, ''))
    .filter(Boolean);
}

/**
 * Whether a romanized name (`Gi-Jae Han`, `Han Gi-jae`, `Han Gijae`, `Gi Jae Han`) can be the Hangul name
 * (`한기재`). Family name first or last; the given name hyphenated, joined or split in two; case ignored.
 */
export function matchesKoreanName(koName: string, romanized: string): boolean {
  const m = matcherOf(koName);
  if (!m) return false;
  const tokens = latinTokens(romanized);
  if (tokens.length < 2 || tokens.length > 4) return false;
  const tryOrder = (family: string, givenTokens: string[]) => m.family.test(family.replace(/-/g, '')) && m.given.test(givenTokens.join('').replace(/-/g, ''));
  return tryOrder(tokens[tokens.length - 1]!, tokens.slice(0, -1)) || tryOrder(tokens[0]!, tokens.slice(1));
}

/** The capitalised-word runs of an English text, prepared once for many {@link findRomanizedName} look-ups. */
export interface RomanizedNameIndex {
  /** Each run of consecutive capitalised words (`Jeong Eun-bo`), as printed and as lower-case letter tokens. */
  runs: { words: string[]; tokens: string[] }[];
  /** Every distinct lower-case token, hyphens dropped (`eunbo`), for a cheap family-name pre-check. */
  tokens: Set<string>;
  /** Family names (Hangul) already checked against `tokens`: whether some token spells them. */
  families: Map<string, boolean>;
}

/** Indexes the runs of two or more capitalised words of `englishText`. */
export function romanizedNameIndex(englishText: string): RomanizedNameIndex {
  const runs = (englishText.match(/[A-Z][a-z]*(?:-[A-Za-z][a-z]*)?(?:\s+[A-Z][a-z]*(?:-[A-Za-z][a-z]*)?)+/g) ?? []).map((run) => {
    const words = run.split(/\s+/);
    return { words, tokens: words.map((w) => w.toLowerCase().replace(/-/g, '')) };
  });
  return { runs, tokens: new Set(runs.flatMap((r) => r.tokens)), families: new Map() };
}

/**
 * Where a Hangul name occurs in English text as a romanized name (2–3 consecutive capitalised words), e.g.
 * `정은보` in `… by Jeong Eun-bo, Korea's top negotiator …`. Returns the matched words, or null. Pass a
 * {@link romanizedNameIndex} when looking up many names in one text.
 */
export function findRomanizedName(koName: string, english: string | RomanizedNameIndex): string | null {
  const m = matcherOf(koName);
  if (!m) return null;
  const index = typeof english === 'string' ? romanizedNameIndex(english) : english;
  // Most Korean words are not names, or not in the English text: no capitalised word spells the family name.
  // Many candidates share a family syllable (`정부는`, `정치권`), so the answer is kept per family name.
  const familyHangul = splitName(koName)!.family;
  let family = index.families.get(familyHangul);
  if (family === undefined) {
    family = false;
    for (const t of index.tokens) {
      if (m.family.test(t)) {
        family = true;
        break;
      }
    }
    index.families.set(familyHangul, family);
  }
  if (!family) return null;
  for (const run of index.runs) {
    for (let i = 0; i < run.words.length; i++) {
      for (const n of [2, 3]) {
        if (i + n > run.words.length) continue;
        const cand = run.words.slice(i, i + n).join(' ');
        if (matchesKoreanName(koName, cand)) return cand;
      }
    }
  }
  return null;
}
