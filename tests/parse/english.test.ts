import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { parseEnglishArticle } from '../../src/parse/english.js';

const URL_EN = 'https://www.donga.com/en/article/all/20200403/1994213/1';
const TITLE = 'Seoul-Washington defense cost sharing agreement hits logjam';
const P1 = 'The final agreement for the Special Measures Agreement (SMA) between South Korea and the United States is being further delayed.';
const P2 = '“The negotiation is still on-going,” said a diplomatic source, indicating that the two sides were not being able to finalize the deal.';
const P3 = 'Washington has not made any official signal for an imminent deal-clinching in a stark contrast with Seoul’s optimistic view.';

const nav = (n = 40) =>
  `<ul class="gnb">${Array.from({ length: n }, (_, i) => `<li><a href="/en/article/all/20200402/${5000 + i}/1">Headline number ${i} about something</a></li>`).join('')}</ul>`;

function page(inner: string, head = `<title>${TITLE} | The DONG-A ILBO</title>`): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${head}<script>var p = "<p>Posted May 1, 2020 10:00</p>";</script><style>.a{}</style></head>
<body><a href="#contents">Go to contents</a>${nav()}${inner}<div class="footer"><p>ⓒ dongA.com. All rights reserved.</p></div></body></html>`;
}

function parse(html: string | Uint8Array, url = URL_EN, contentType?: string) {
  return parseEnglishArticle({ body: html, url, contentType });
}

function parseError(html: string, url = URL_EN): ParseError {
  try {
    parse(html, url);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('parseEnglishArticle', () => {
  it('reads the sample article layout: duplicated title, Posted/Updated, 한국어, <br><br> body, trailing byline', () => {
    const html = page(`
      <div class="top_bar"><span>${TITLE}</span></div>
      <div class="article_title"><h1 class="title">${TITLE}</h1>
        <div class="title_foot"><span class="date01">Posted April. 03, 2020 07:38,</span>&nbsp;&nbsp;
        <span class="date01">Updated April. 03, 2020 07:38</span>
        <a href="/news/article/all/20200403/100510316/1?ref=en">한국어</a></div></div>
      <div class="article_txt">${P1}<br><br>${P2}<div class="view_ad06">ADVERTISEMENT</div>${P3}<br><br><br>Gi-Jae Han record@donga.com</div>
      <div class="article_relation"><h3>Related articles</h3><ul><li><a href="/en/article/all/20200401/1/1">Other</a></li></ul></div>`);
    expect(parse(html)).toEqual({
      lang: 'en',
      url: URL_EN,
      articleId: '1994213',
      title: TITLE,
      subtitle: null,
      publishedAt: '2020-04-03T07:38:00+09:00',
      updatedAt: '2020-04-03T07:38:00+09:00',
      authors: [{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }],
      dateline: null,
      section: null,
      body: [P1, P2, P3],
      koreanUrl: 'https://www.donga.com/news/article/all/20200403/100510316/1',
    });
  });

  it('decodes bytes by the Content-Type charset (EUC-KR page with a 한국어 link)', () => {
    const html =
      page(`<h1>${TITLE}</h1><p>Posted April. 03, 2020 07:38</p><p><a href="http://www.donga.com/news/Politics/article/all/20200403/100510316/2">한국어</a></p>
      <div class="body"><p>${P1}</p><p>${P2}</p><p>Gi-Jae Han record@donga.com</p></div>`).replace('<meta charset="utf-8">', '');
    const rec = parse(iconv.encode(html, 'cp949'), URL_EN, 'text/html; charset=euc-kr');
    expect(rec.koreanUrl).toBe('https://www.donga.com/news/Politics/article/all/20200403/100510316/2');
    expect(rec.body).toEqual([P1, P2]);
  });

  it('finds label and date in separate elements, subtitle in h2, section from meta, dateline, several bylines', () => {
    const html = page(
      `<article><header><h1>${TITLE}</h1><h2>Talks stall over total sum</h2>
        <dl class="info"><dt>Posted</dt><dd>Sept. 9, 2021 10:05</dd><dt>Updated</dt><dd>Sept. 9, 2021 11:40</dd></dl>
        <div class="share"><a href="#">Facebook</a><a href="#">Print</a></div></header>
        <div class="story"><p>SEOUL — ${P1}</p><p>${P2}</p><p>${P3}</p>
        <p>Kim Ji-won kjw@donga.com</p><p>Park Min-su pms@donga.com</p><p>Copyright © dongA.com</p></div></article>`,
      `<title>${TITLE} | The DONG-A ILBO</title><meta property="dd:category" content="Politics">`,
    );
    const rec = parse(html);
    expect(rec.title).toBe(TITLE);
    expect(rec.subtitle).toBe('Talks stall over total sum');
    expect(rec.publishedAt).toBe('2021-09-09T10:05:00+09:00');
    expect(rec.updatedAt).toBe('2021-09-09T11:40:00+09:00');
    expect(rec.section).toBe('Politics');
    expect(rec.dateline).toBe('SEOUL');
    expect(rec.body).toEqual([`SEOUL — ${P1}`, P2, P3]);
    expect(rec.authors).toEqual([
      { name: 'Kim Ji-won', email: 'kjw@donga.com', role: null },
      { name: 'Park Min-su', email: 'pms@donga.com', role: null },
    ]);
    expect(rec.koreanUrl).toBeNull();
  });

  it('takes a `By …` byline with role, a strong sub-heading at the top of a bare body, and og:title', () => {
    const html = page(
      `<h1>Short headline</h1><div>Posted May 21, 2024 08:00</div>
       <div class="article_txt"><strong>A quieter sub-heading</strong><br><br>${P1}<br><br>${P2}<br><br>By Kim Soon-deok, Senior Editorial Writer kimsd@donga.com</div>`,
      `<title>Short headline | The DONG-A ILBO</title><meta property="og:title" content="The full og headline | The DONG-A ILBO">`,
    );
    const rec = parse(html);
    expect(rec.title).toBe('The full og headline');
    expect(rec.subtitle).toBe('A quieter sub-heading');
    expect(rec.body).toEqual([P1, P2]);
    expect(rec.authors).toEqual([{ name: 'Kim Soon-deok', email: 'kimsd@donga.com', role: 'Senior Editorial Writer' }]);
    expect(rec.updatedAt).toBeNull();
  });

  it('editorial without a byline has no authors; a byline just after the body block is used', () => {
    const editorial = page(`<h1>${TITLE}</h1><p>Posted May 21, 2024 08:00</p><div class="txt"><p>${P1}</p><p>${P2}</p></div>`);
    expect(parse(editorial).authors).toEqual([]);
    const after = page(`<h1>${TITLE}</h1><p>Posted May 21, 2024 08:00</p><div class="txt"><p>${P1}</p><p>${P2}</p></div>
      <div class="writer"><a href="/news/Journalist?pid=record">Gi-Jae Han</a> record@donga.com</div>`);
    expect(parse(after).authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
  });

  it('falls back to the published-time meta when the page prints no Posted line, and corroborates by meta author', () => {
    const html = page(
      `<h1>${TITLE}</h1><div class="txt"><p>${P1}</p><p>${P2}</p><p>Gi-Jae Han</p></div>`,
      `<title>${TITLE} | The DONG-A ILBO</title><meta property="dd:published_time" content="2020-04-03T07:38:00+09:00"><meta name="author" content="Gi-Jae Han record@donga.com">`,
    );
    const rec = parse(html);
    expect(rec.publishedAt).toBe('2020-04-03T07:38:00+09:00');
    expect(rec.authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
  });

  it('reads legacy table layouts', () => {
    const html = page(`<table><tr><td class="title">${TITLE}</td></tr><tr><td>Posted March. 14, 2008 03:00</td></tr>
      <tr><td>${P1}<br><br>${P2}<br><br><table><tr><td class="photo_caption">A caption</td></tr></table>${P3}<br><br>Gi-Jae Han record@donga.com</td></tr></table>`);
    const rec = parse(html);
    expect(rec.title).toBe(TITLE);
    expect(rec.body).toEqual([P1, P2, P3]);
    expect(rec.publishedAt).toBe('2008-03-14T03:00:00+09:00');
  });

  it.each([
    ['bad_url', page(`<h1>${TITLE}</h1>`), 'https://www.donga.com/news/article/all/20200403/100510316/1'],
    ['bad_url', page(`<h1>${TITLE}</h1>`), 'https://www.donga.com/en'],
    ['not_article', page(`<h2>Latest news</h2>${nav(30)}`, '<title>Latest News | The DONG-A ILBO</title>'), URL_EN],
    ['missing_title', page(`<p>Posted May 21, 2024 08:00</p><div class="txt"><p>${P1}</p><p>${P2}</p></div>`, '<title></title>'), URL_EN],
    [
      'missing_date',
      `<html><head><title>${TITLE} | The DONG-A ILBO</title></head><body><h1>${TITLE}</h1><div><p>${P1}</p><p>${P2}</p></div></body></html>`,
      URL_EN,
    ],
    [
      'missing_body',
      `<html><head><title>${TITLE} | The DONG-A ILBO</title></head><body><h1>${TITLE}</h1><p>Posted May 21, 2024 08:00</p><p><a href="/news/article/all/20240521/1/1">한국어</a></p></body></html>`,
      URL_EN,
    ],
  ])('throws %s', (code, html, url) => {
    const err = parseError(html, url);
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(false);
    expect(err.message.length).toBeGreaterThan(10);
  });
});

/** Review R1: layouts nobody has seen yet. Each case failed before the fix it documents. */
describe('parseEnglishArticle: adversarial layouts', () => {
  const head = (extra = '') => `<div class="article_title"><h1>${TITLE}</h1><p>Posted April. 03, 2020 07:38</p>${extra}</div>`;
  const story = (...ps: string[]) => `<div class="article_txt">${ps.map((p) => `<p>${p}</p>`).join('')}</div>`;
  const ko = (href: string, text = '한국어') => `<a href="${href}">${text}</a>`;

  it("refuses a 한국어 link to a foreign host but keeps one on the page's own (replay) host", () => {
    const evil = page(head(ko('https://evil.example.com/news/article/all/20200403/100510316/2')) + story(P1, P2));
    expect(parse(evil).koreanUrl).toBeNull();
    const replayUrl = 'http://127.0.0.1:8080/en/article/all/20200403/1994213/1';
    const replay = page(head(ko('/news/article/all/20200403/100510316/2')) + story(P1, P2));
    expect(parse(replay, replayUrl).koreanUrl).toBe('http://127.0.0.1:8080/news/article/all/20200403/100510316/2');
  });

  it('picks the 한국어 link whose date matches the article among several, and reads onclick/data-href links', () => {
    const several = page(
      head(
        `<span class="rel">${ko('/news/article/all/20200401/100400000/1')}</span>${ko('https://www.donga.com/')}${ko('/news/article/all/20200403/100510316/1')}`,
      ) + story(P1, P2),
    );
    expect(parse(several).koreanUrl).toBe('https://www.donga.com/news/article/all/20200403/100510316/1');
    const onclick = page(head(`<a href="#" onclick="location.href='/news/article/all/20200403/100510316/1'">한국어</a>`) + story(P1, P2));
    expect(parse(onclick).koreanUrl).toBe('https://www.donga.com/news/article/all/20200403/100510316/1');
    const dataHref = page(head(`<a href="javascript:void(0)" data-href="/news/article/all/20200403/100510316/2">한국어</a>`) + story(P1, P2));
    expect(parse(dataHref).koreanUrl).toBe('https://www.donga.com/news/article/all/20200403/100510316/2');
  });

  it('takes the Posted line next to the headline, not one in a ticker above it', () => {
    const html = page(
      `<ul class="ticker"><li>Posted January. 01, 2019 10:00 <a href="/en/article/all/20190101/1/1">Old story</a></li></ul>` +
        head() +
        story(P1, P2, 'Gi-Jae Han record@donga.com'),
    );
    expect(parse(html).publishedAt).toBe('2020-04-03T07:38:00+09:00');
  });

  it('reads a <time datetime> element when no Posted label is printed, and 12-hour "at" times', () => {
    const time = page(`<h1>${TITLE}</h1><div class="info"><time datetime="2020-04-02T22:38:00Z">April 3, 2020</time></div>${story(P1, P2)}`);
    expect(parse(time).publishedAt).toBe('2020-04-03T07:38:00+09:00');
    const at = page(`<h1>${TITLE}</h1><p>Posted: April 3, 2020 at 7:38 p.m.</p>${story(P1, P2)}`);
    expect(parse(at).publishedAt).toBe('2020-04-03T19:38:00+09:00');
  });

  it('keeps body paragraphs that mention copyright, and finds a byline that shares its line with the copyright notice', () => {
    const law = 'The copyright committee said the revised Copyright Act would take effect next year, ending years of disputes.';
    const html = page(head() + story(P1, law, P2, 'Gi-Jae Han record@donga.com ⓒ dongA.com. All rights reserved.'));
    const rec = parse(html);
    expect(rec.body).toEqual([P1, law, P2]);
    expect(rec.authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
  });

  it('splits a byline glued to the last sentence', () => {
    for (const glue of [' ', '']) {
      const rec = parse(page(head() + story(P1, P2, `${P3}${glue}Gi-Jae Han record@donga.com`)));
      expect(rec.body).toEqual([P1, P2, P3]);
      expect(rec.authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
    }
  });

  it('drops share/newsletter prompts after the byline and still finds it; `Reporter Name` bylines', () => {
    const rec = parse(
      page(head() + story(P1, P2, P3, 'Gi-Jae Han record@donga.com', 'Share Facebook Twitter', 'Subscribe to our newsletter for the latest news from Korea.')),
    );
    expect(rec.body).toEqual([P1, P2, P3]);
    expect(rec.authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
    const reporter = parse(page(head() + story(P1, P2, 'Reporter Kim Ji-won kjw@donga.com')));
    expect(reporter.body).toEqual([P1, P2]);
    expect(reporter.authors).toEqual([{ name: 'Kim Ji-won', email: 'kjw@donga.com', role: 'Reporter' }]);
  });

  it('keeps a last paragraph that merely ends in a name, and one that mentions an e-mail address', () => {
    const quote = '“We will not back down,” said Kim Jong-un.';
    const tips = 'Readers can send tips to tips@donga.com or call the newsroom.';
    expect(parse(page(head() + story(P1, P2, quote))).body).toEqual([P1, P2, quote]);
    expect(parse(page(head() + story(P1, P2, tips))).body).toEqual([P1, P2, tips]);
  });

  it('reports a login/subscription wall as not_article, naming why', () => {
    const wall = page(
      `${head()}<div class="paywall"><p>To continue reading this article, please log in or subscribe. Members get unlimited access to all of our content.</p></div>`,
    );
    const err = parseError(wall);
    expect(err.code).toBe('not_article');
    expect(err.message).toMatch(/log ?in|subscri/i);
  });

  it('names what was missing in missing_date', () => {
    const html = `<html><head><title>${TITLE} | The DONG-A ILBO</title></head><body><h1>${TITLE}</h1><div><p>${P1}</p><p>${P2}</p></div></body></html>`;
    expect(parseError(html).message).toMatch(/Posted/);
  });
});

/** Review R2: photo captions printed as plain paragraphs, photo/video pages, and text lost to over-eager rules. */
describe('parseEnglishArticle: photo captions and photo pages', () => {
  const head = `<div class="article_title"><h1>${TITLE}</h1><p>Posted April. 03, 2020 07:38</p></div>`;
  const img = (n = 1) => `<img src="https://dimg.donga.com/egc/CDB/ENGLISH/Article/${n}.jpg" alt="">`;
  const BYLINE = 'Gi-Jae Han record@donga.com';

  // Each layout holds P1, P2, P3, a photo and a caption that is a sibling of the story paragraphs.
  it.each([
    [
      'agency credit after a photo box',
      `<div class="article_txt"><p>${P1}</p><div class="thumb">${img()}</div><p>Defense Minister Suh Wook speaks at the National Assembly on Thursday. Yonhap</p><p>${P2}</p><p>${P3}</p><p>${BYLINE}</p></div>`,
    ],
    [
      '(Photo=…) credit in a <br> body',
      `<div class="article_txt">${P1}<br><br>${img()}<br>Defense Minister Suh Wook speaks on Thursday. (Photo=Ministry of National Defense)<br><br>${P2}<br><br>${P3}<br><br>${BYLINE}</div>`,
    ],
    [
      'caption fragment after <p><img></p>',
      `<div class="article_txt"><p>${img()}</p><p>President Moon Jae-in at the Cabinet meeting in Seoul on Tuesday</p><p>${P1}</p><p>${P2}</p><p>${P3}</p><p>${BYLINE}</p></div>`,
    ],
    [
      'source after the last sentence, image inside the caption line',
      `<div class="article_txt"><p>${P1}</p><p>${P2}</p><p>${img()}<br>Officials inspect the site on Monday. Presidential Office</p><p>${P3}</p><p>${BYLINE}</p></div>`,
    ],
    [
      'explicit credit away from any image',
      `<div class="article_txt"><p>${P1}</p><p>The negotiators meet in Seoul on Tuesday (Photo=Yonhap)</p><p>${P2}</p><p>${P3}</p><p>${BYLINE}</p></div>`,
    ],
    [
      'credit-only line under a lazy-loaded player box',
      `<div class="article_txt"><p>${P1}</p><div class="video_area" data-vid="8812"></div><p>Courtesy of the Ministry of National Defense</p><p>${P2}</p><p>${P3}</p><p>${BYLINE}</p></div>`,
    ],
  ])('drops a sibling caption: %s', (_name, story) => {
    const rec = parse(page(head + story));
    expect(rec.body).toEqual([P1, P2, P3]);
    expect(rec.authors).toEqual([{ name: 'Gi-Jae Han', email: 'record@donga.com', role: null }]);
  });

  it('keeps real paragraphs that sit right after a photo: sentences, short sub-headings, abbreviations', () => {
    const short = 'The talks will resume next week.';
    const subhead = 'Talks to resume';
    const army = 'He served in the U.S. Army.';
    const rec = parse(
      page(
        `${head}<div class="article_txt"><p>${P1}</p><p>${img(1)}</p><p>${short}</p><p>${img(2)}</p><p>${subhead}</p><p>${P2}</p><p>${img(3)}</p><p>${army}</p><p>${P3}</p></div>`,
      ),
    );
    expect(rec.body).toEqual([P1, short, subhead, P2, army, P3]);
  });

  it.each([
    [
      'a gallery of figures with figcaptions and no text',
      `<div class="article_txt"><figure>${img(1)}<figcaption>Citizens walk along the stream. Yonhap</figcaption></figure><figure>${img(2)}<figcaption>Children play in a fountain. News1</figcaption></figure></div>`,
    ],
    [
      'a gallery whose captions are sibling <p>s with credits',
      `<div class="article_txt"><p>${img(1)}</p><p>Citizens walk along the Cheonggyecheon stream in Seoul on Sunday. Yonhap</p><p>${img(2)}</p><p>Children play in a fountain at Gwanghwamun Square on Sunday. News1</p><p>${BYLINE}</p></div>`,
    ],
    [
      'a gallery whose captions end like sentences',
      `<div class="article_txt"><p>${img(1)}</p><p>Citizens walk along the Cheonggyecheon stream in central Seoul on Sunday as temperatures rise.</p><p>${img(2)}</p><p>Children play in a fountain at Gwanghwamun Square in Seoul on Sunday, as the heat wave continues.</p><p>${img(3)}</p><p>A man cools off with a hand fan at a park in Daegu on Sunday afternoon as the heat peaked.</p></div>`,
    ],
    [
      'photo news: one photo and one line',
      `<div class="article_txt"><div class="photo_area">${img()}</div><p>Citizens walk along the Cheonggyecheon stream in central Seoul on Sunday as temperatures rise.</p></div>`,
    ],
    [
      'a video clip with one line',
      `<div class="article_txt"><iframe src="https://www.youtube.com/embed/abc" width="640" height="360"></iframe><br>Watch the highlights of the summit between the two leaders in Washington on Monday.</div>`,
    ],
  ])('refuses %s as not_article', (_name, story) => {
    const err = parseError(page(head + story));
    expect(err.code).toBe('not_article');
    expect(err.message).toMatch(/photo|video|gallery/);
  });

  it('still parses a short story that has a photo, and a one-line story without one', () => {
    const rec = parse(page(`${head}<div class="article_txt"><div class="thumb">${img()}</div><p>${P1}</p><p>${P2}</p></div>`));
    expect(rec.body).toEqual([P1, P2]);
    const brief = 'The Bank of Korea kept its base rate at 3.5 percent on Thursday, citing uncertainty over inflation.';
    expect(parse(page(`${head}<div class="article_txt"><p>${brief}</p></div>`)).body).toEqual([brief]);
  });
});

describe('parseEnglishArticle: text kept that narrow rules used to drop', () => {
  const head = `<div class="article_title"><h1>${TITLE}</h1><p>Posted April. 03, 2020 07:38</p></div>`;
  const story = (...ps: string[]) => `<div class="article_txt">${ps.map((p) => `<p>${p}</p>`).join('')}</div>`;

  it('keeps a paragraph that opens with the word "Copyright" (a notice needs ©, "by", a year or the site name)', () => {
    const p = 'Copyright infringement cases rose 20 percent last year, the Ministry of Culture said on Monday.';
    expect(parse(page(head + story(P1, p, P2))).body).toEqual([P1, p, P2]);
    expect(parse(page(head + story(P1, P2, 'Copyright © dongA.com'))).body).toEqual([P1, P2]);
    expect(parse(page(head + story(P1, P2, 'Copyright 2020 The Dong-A Ilbo'))).body).toEqual([P1, P2]);
  });

  it.each([
    'Subscribers will pay 10 percent more from next month.',
    'Get the basics right first, experts advise.',
    'Follow us, the protesters shouted as they marched toward the presidential office.',
    'Newsletters from the ministry will go out every Monday.',
  ])('keeps a closing paragraph that only starts like a prompt: %s', (last) => {
    expect(parse(page(head + story(P1, P2, last))).body).toEqual([P1, P2, last]);
  });

  it.each([
    'The new lounge at Incheon airport will open on Monday for members only, the operator said. It will be free for first-class passengers.',
    '“Please subscribe to my channel,” the YouTuber said in a video that drew 2 million views.',
  ])('does not take a short story for a login wall: %s', (text) => {
    expect(parse(page(head + story(text))).body).toEqual([text]);
  });
});

describe('parseEnglishArticle: limits and hostile pages', () => {
  const header = `<h1>${TITLE}</h1><p>Posted April. 03, 2020 07:38</p>`;
  // Generous timeouts: these pages used to run for minutes (or overflow the stack); fixed, they take milliseconds.
  const LONG = 60_000;

  it(
    'refuses a page nested deeper than maxDepth as too_deep, naming the depth, the limit and the setting',
    () => {
      const html = page(`${header}${'<div>'.repeat(100_000)}<p>${P1}</p>${'</div>'.repeat(100_000)}`);
      const err = parseError(html);
      expect(err.code).toBe('too_deep');
      expect(err.retryable).toBe(false);
      expect(err.message).toMatch(/depth 513\b/);
      expect(err.message).toMatch(/MAX_PARSE_DEPTH=512/);
      expect(err.url).toBe(URL_EN);
    },
    LONG,
  );

  it('honours a configured depth: the same page parses under a higher limit and fails under a lower one', () => {
    const html = page(`${header}${'<div>'.repeat(40)}<p>${P1}</p><p>${P2}</p>${'</div>'.repeat(40)}`);
    expect(parseEnglishArticle({ body: html, url: URL_EN }, { maxDepth: 64 }).body).toEqual([P1, P2]);
    try {
      parseEnglishArticle({ body: html, url: URL_EN }, { maxDepth: 32 });
      throw new Error('expected too_deep');
    } catch (err) {
      expect((err as ParseError).code).toBe('too_deep');
      expect((err as ParseError).message).toMatch(/MAX_PARSE_DEPTH=32/);
    }
  });

  it('fails as parse_timeout once the injected clock passes timeoutMs, and never without a clock', () => {
    const html = page(`${header}<div>${`<p>${P1}</p>`.repeat(5_000)}</div>`);
    let t = 0;
    const now = () => (t += 1); // every clock read is one millisecond later
    try {
      parseEnglishArticle({ body: html, url: URL_EN }, { timeoutMs: 3, now });
      throw new Error('expected parse_timeout');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).code).toBe('parse_timeout');
      expect((err as ParseError).retryable).toBe(false);
      expect((err as ParseError).message).toMatch(/PARSE_TIMEOUT_MS/);
    }
    expect(parseEnglishArticle({ body: html, url: URL_EN }, { timeoutMs: 3 }).body).toHaveLength(5_000);
    expect(parseEnglishArticle({ body: html, url: URL_EN }, { timeoutMs: 1e9, now }).body).toHaveLength(5_000);
  });

  it(
    'ends on a long paragraph of e-mail characters (the glued-byline test was quadratic)',
    () => {
      const long = 'a'.repeat(300_000);
      // It ends, and a 300,000-character token is no prose: it never reaches the record.
      expect(parse(page(`${header}<div><p>${P1}</p><p>${long}</p></div>`)).body).toEqual([P1]);
    },
    LONG,
  );

  it(
    'fails as missing_body when the only body paragraph is one enormous token (a 4.5 MB word is no article)',
    () => {
      const err = parseError(page(`${header}<div><p>${'x'.repeat(4_500_000)}</p></div>`));
      expect(err.code).toBe('missing_body');
    },
    LONG,
  );

  it(
    'ends on a paragraph of share-button words (the share-line pattern backtracked exponentially)',
    () => {
      const shares = `${'copy link '.repeat(40)}!`;
      expect(parse(page(`${header}<div><p>${P1}</p><p>${shares}</p></div>`)).body).toEqual([P1, shares.trim()]);
      // A real share row is still no story text.
      expect(parse(page(`${header}<div><p>${P1}</p><p>${P2}</p><p>Share: Facebook, Twitter, Copy link</p></div>`)).body).toEqual([P1, P2]);
    },
    LONG,
  );

  it(
    'ends on a page of unclosed <script tags (stripping them rescanned the page from each one)',
    () => {
      const html = page(`${header}<div><p>${P1}</p><p>${P2}</p></div>${'<script '.repeat(100_000)}`);
      expect(parse(html).body).toEqual([P1, P2]);
    },
    LONG,
  );

  it('reads every e-mail shape a reporter has, dots included, trailing or glued', () => {
    for (const email of ['gi.jae.han@donga.com', 'kim.ms@donga.com', 'kim2024@donga.com', 'kim-ms@donga.com', 'kim_ms@donga.com', 'kim+news@donga.com']) {
      const trailing = parse(page(`${header}<div><p>${P1}</p><p>${P2}</p><p>Gi-Jae Han ${email}</p></div>`));
      expect(trailing.authors).toEqual([{ name: 'Gi-Jae Han', email, role: null }]);
      expect(trailing.body).toEqual([P1, P2]);
      const glued = parse(page(`${header}<div><p>${P1}</p><p>${P2} Gi-Jae Han ${email}</p></div>`));
      expect(glued.authors).toEqual([{ name: 'Gi-Jae Han', email, role: null }]);
      expect(glued.body).toEqual([P1, P2]);
    }
  });
});
