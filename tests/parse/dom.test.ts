import { Document, Element, Text } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import {
  afterMedia,
  collectTags,
  firstTag,
  isMediaElement,
  loadArticleHtml,
  loadDocument,
  loadHtml,
  rawText,
  readerBlocks,
  stripNonContent,
} from '../../src/parse/dom.js';
import { ParseBudget } from '../../src/parse/limits.js';

function first(html: string): Element {
  const $ = loadArticleHtml(`<body>${html}</body>`);
  return $('body').children().first()[0] as Element;
}

describe('isMediaElement', () => {
  it.each([
    ['<img src="https://dimg.donga.com/a/1.jpg" alt="">', true],
    ['<img src="https://dimg.donga.com/a/1.jpg" width="640" height="360">', true],
    ['<img src="/images/blank.gif" width="20" height="1">', false],
    ['<img src="/images/bullet.gif">', false],
    ['<img src="/images/btn_print.gif">', false],
    ['<figure><img src="a.jpg"></figure>', true],
    ['<video src="a.mp4"></video>', true],
    ['<iframe src="https://www.youtube.com/embed/abc"></iframe>', true],
    ['<iframe src="https://tv.naver.com/embed/123"></iframe>', true],
    ['<iframe src="https://ad.doubleclick.net/slot"></iframe>', false],
    ['<div class="thumb"><img src="a.jpg"></div>', true],
    ['<div class="video_player" data-vid="123"></div>', true],
    ['<td class="photo_caption">Finance Minister Kang speaks on Thursday.</td>', false],
    ['<div class="article_txt"><img src="a.jpg"></div>', false],
  ])('%s → %s', (html, expected) => {
    const el = html.startsWith('<td') ? (loadArticleHtml(`<table><tr>${html}</tr></table>`)('td')[0] as Element) : first(html);
    expect(isMediaElement(el)).toBe(expected);
  });
});

describe('stripNonContent', () => {
  it('keeps iframes (a video embed is how a video page shows itself) but drops scripts', () => {
    const out = stripNonContent('<p>a</p><script>var x = "<p>b</p>";</script><iframe src="https://www.youtube.com/embed/x"></iframe>');
    expect(out).toBe('<p>a</p><iframe src="https://www.youtube.com/embed/x"></iframe>');
  });

  it('is linear on unclosed tags: a page of `<script ` without `>` ends, dropped from the first one', () => {
    expect(stripNonContent(`<p>a</p>${'<script '.repeat(100_000)}`)).toBe('<p>a</p>');
    expect(stripNonContent('<p>a</p><style>.x{}')).toBe('<p>a</p>');
    expect(stripNonContent('<p>a</p><!-- open')).toBe('<p>a</p>');
  }, 60_000);
});

describe('readerBlocks media counts', () => {
  it('marks the line right after a photo, whether the photo is a bare img, a skipped box or inside the line', () => {
    const $ = loadArticleHtml(`<body><div>One.<br><br><img src="a.jpg"><br>Caption line<br><br>Two.
      <div class="photo"><img src="b.jpg"></div>Under the box<br><br><p><img src="c.jpg"> Inline</p><p>Three.</p></div></body>`);
    const skip = (el: Element) => (el.attribs['class'] ?? '') === 'photo';
    const stats = { media: 0 };
    const blocks = readerBlocks($('body')[0]!, skip, stats);
    expect(blocks.map((b) => [b.text, afterMedia(blocks, b)])).toEqual([
      ['One.', false],
      ['Caption line', true],
      ['Two.', false],
      ['Under the box', true],
      ['Inline', true],
      ['Three.', false],
    ]);
    expect(stats.media).toBe(3);
  });
});

describe('limits while loading, and walks that cannot overflow the stack', () => {
  it('accepts nesting exactly at maxDepth and refuses one level more, before building the rest', () => {
    const nested = (n: number) => `${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`;
    expect(() => loadDocument(nested(64), new ParseBudget({ maxDepth: 64 }))).not.toThrow();
    let err: unknown;
    try {
      loadDocument(nested(65), new ParseBudget({ maxDepth: 64 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect(err).toMatchObject({ code: 'too_deep' });
    expect((err as Error).message).toMatch(/depth 65 reached at character 320 of/);
    // Void elements and implied closes do not count as nesting.
    expect(() => loadDocument(`${'<br><img src=a.jpg><p>para'.repeat(5_000)}`, new ParseBudget({ maxDepth: 8 }))).not.toThrow();
  });

  it('refuses 100,000 nested <div>s as too_deep under the default limit (it used to load for 27 s, then overflow)', () => {
    expect(() => loadArticleHtml(`<body>${'<div>'.repeat(100_000)}x`)).toThrow(expect.objectContaining({ code: 'too_deep' }));
  }, 60_000);

  it('keeps the HTML semantics cheerio had: entities decoded, raw-text <script>, void elements', () => {
    const $ = loadHtml('<p>a &amp; b<br>c</p><script>if (a < b) x = "<p>";</script>');
    expect($('p').length).toBe(1);
    expect($('p').text()).toBe('a & bc');
    expect($('script').html()).toBe('if (a < b) x = "<p>";');
  });

  it('walks a 100,000-deep tree (built by hand, past any loader) without a RangeError', () => {
    const body = new Element('body', {});
    let parent: Element = body;
    for (let i = 0; i < 100_000; i++) {
      const div = new Element('div', {});
      div.parent = parent;
      parent.children.push(div);
      parent = div;
    }
    const p = new Element('p', {});
    const text = new Text('deep story text');
    text.parent = p;
    p.children.push(text);
    p.parent = parent;
    parent.children.push(p);
    const doc = new Document([body]);
    body.parent = doc;
    expect(rawText(body)).toBe('deep story text');
    expect(readerBlocks(doc).map((b) => b.text)).toEqual(['deep story text']);
    expect(firstTag(doc, 'p')).toBe(p);
    expect(collectTags(doc, ['p']).get('p')).toEqual([p]);
    expect(isMediaElement(Object.assign(new Element('div', { class: 'photo' }), { children: body.children }))).toBe(false);
  }, 60_000);
});
