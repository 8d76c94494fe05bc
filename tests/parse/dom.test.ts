import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { afterMedia, isMediaElement, loadArticleHtml, readerBlocks, stripNonContent } from '../../src/parse/dom.js';

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
