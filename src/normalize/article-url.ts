/**
 * Article URL shapes of www.donga.com, and canonical URLs. Pure.
 *
 *  English:  /en/article/all/YYYYMMDD/<id>/1
 *  Korean:   /news/[Section/]article/all/YYYYMMDD/<id>/<1|2>
 *  Korean, 2014-2017 on news.donga.com:  /<n>/<all|NN>/YYYYMMDD/<id>/<d>  and  /rss/feed/<n>/<all|NN>/…
 *
 * A legacy news.donga.com article URL is not www.donga.com with the host swapped (www has no `/3/all/…` paths):
 * its Korean article id and date carry over to the one shape www serves for every era, `/news/article/all/
 * YYYYMMDD/<id>/<1|2>` (docs/site-notes.md, URL shapes: one id counter for Korean articles across eras, 67723014 in 2014 to
 * 126426105 in 2024; the section segment is optional). Anything else on news.donga.com (search, lists, an
 * article whose last segment is not 1 or 2) has no known www form and keeps its own host.
 */

export interface ArticleUrl {
  lang: 'en' | 'ko';
  /** Canonical URL (see {@link canonicalUrl}). */
  url: string;
  articleId: string;
  /** `YYYYMMDD` from the path. */
  ymd: string;
  /** Section segment of a Korean URL (`Politics`), or null. */
  section: string | null;
}

/** Hosts that are the Dong-A site itself; their URLs are canonicalized to https://www.donga.com. */
const DONGA_HOSTS = new Set(['donga.com', 'www.donga.com', 'm.donga.com', 'english.donga.com', 'news.donga.com']);

function isDongaHost(host: string): boolean {
  return DONGA_HOSTS.has(host.toLowerCase());
}

/** Query parameters that never change what a page says. */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|ref|refer|referrer|from|src|track|rss|m|mc_[a-z]+)$/i;

function toUrl(input: string, base?: string): URL | null {
  try {
    return base === undefined ? new URL(input.trim()) : new URL(input.trim(), base);
  } catch {
    return null;
  }
}

/**
 * Canonical form: Dong-A hosts become `https://www.donga.com`; a legacy news.donga.com article becomes its www
 * article URL and any other news.donga.com URL stays on its host (see the module note); other hosts (the local
 * replay site) keep their origin. Fragment and tracking parameters are dropped. Returns null when not a URL.
 */
export function canonicalUrl(input: string, base?: string): string | null {
  const u = toUrl(input, base);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
  if (u.hostname.toLowerCase() === LEGACY_NEWS_HOST) {
    const legacy = legacyArticlePath(u.pathname);
    if (!legacy) return u.toString();
    u.pathname = legacy.path;
    u.search = '';
  }
  if (isDongaHost(u.hostname)) {
    u.protocol = 'https:';
    u.hostname = 'www.donga.com';
    u.port = '';
  }
  u.pathname = u.pathname.replace(/\/{2,}/g, '/');
  return u.toString();
}

function validYmd(ymd: string): boolean {
  const y = +ymd.slice(0, 4),
    m = +ymd.slice(4, 6),
    d = +ymd.slice(6, 8);
  if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const EN_PATH = /^\/en\/article\/all\/(\d{8})\/(\d{1,12})\/(\d)\/?$/;
const KO_PATH = /^\/news\/(?:([A-Za-z][A-Za-z0-9_]*)\/)?article\/all\/(\d{8})\/(\d{1,12})\/([12])\/?$/;
const KO_LEGACY_PATH = /^\/(?:rss\/feed\/)?\d{1,2}\/(?:all|\d{1,2})\/(\d{8})\/(\d{1,12})\/(\d)\/?$/;
const LEGACY_NEWS_HOST = 'news.donga.com';

/** The www path of a legacy news.donga.com article path, or null when it is none or has no known www form. */
function legacyArticlePath(pathname: string): { path: string; ymd: string; id: string } | null {
  const m = KO_LEGACY_PATH.exec(pathname.replace(/\/{2,}/g, '/'));
  if (!m || !validYmd(m[1]!) || (m[3] !== '1' && m[3] !== '2')) return null;
  return { path: `/news/article/all/${m[1]}/${m[2]}/${m[3]}`, ymd: m[1]!, id: m[2]! };
}

/** An English article URL, or null. Relative URLs resolve against `base`. Query and fragment are dropped. */
export function parseEnglishArticleUrl(input: string, base?: string): ArticleUrl | null {
  const u = toUrl(input, base);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  const m = EN_PATH.exec(u.pathname);
  if (!m || !validYmd(m[1]!)) return null;
  const origin = isDongaHost(u.hostname) ? 'https://www.donga.com' : u.origin;
  return { lang: 'en', url: `${origin}/en/article/all/${m[1]}/${m[2]}/${m[3]}`, articleId: m[2]!, ymd: m[1]!, section: null };
}

/** A Korean article URL (current or 2014-2017 shape), or null. */
export function parseKoreanArticleUrl(input: string, base?: string): ArticleUrl | null {
  const u = toUrl(input, base);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  const origin = isDongaHost(u.hostname) ? 'https://www.donga.com' : u.origin;
  const m = KO_PATH.exec(u.pathname);
  if (m && validYmd(m[2]!)) {
    const section = m[1] ?? null;
    const path = `/news/${section ? `${section}/` : ''}article/all/${m[2]}/${m[3]}/${m[4]}`;
    return { lang: 'ko', url: `${origin}${path}`, articleId: m[3]!, ymd: m[2]!, section: section === 'List' ? null : section };
  }
  const legacy = KO_LEGACY_PATH.exec(u.pathname.replace(/\/{2,}/g, '/'));
  if (legacy && validYmd(legacy[1]!) && (u.hostname.toLowerCase() === LEGACY_NEWS_HOST || !isDongaHost(u.hostname))) {
    // news.donga.com: the www form when there is one, else the URL as given; another host (the replay site) keeps
    // its own paths.
    return { lang: 'ko', url: canonicalUrl(u.toString().split('?')[0]!)!, articleId: legacy[2]!, ymd: legacy[1]!, section: null };
  }
  return null;
}

export function parseArticleUrl(input: string, base?: string): ArticleUrl | null {
  return parseEnglishArticleUrl(input, base) ?? parseKoreanArticleUrl(input, base);
}
