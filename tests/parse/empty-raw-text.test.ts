import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import type { ParseError } from '../../src/errors.js';
import { emptyRawText, loadDocument, loadWithoutScriptText, type CutWatch } from '../../src/parse/dom.js';
import { ParseBudget } from '../../src/parse/limits.js';

/** The tree as a string, with the text of `<script>`/`<style>` elements left out (what loadWithoutScriptText promises). */
function shape(node: AnyNode): string {
  if (node.type === 'text') return node.parent && (node.parent.type === 'script' || node.parent.type === 'style') ? '' : JSON.stringify(node.data);
  if (node.type === 'comment') return `<!${JSON.stringify(node.data)}>`;
  if (node.type === 'directive') return `<?${JSON.stringify(node.data)}>`;
  if (node.type === 'root') return node.children.map(shape).join('');
  if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
    return `<${node.type}:${node.name} ${JSON.stringify(node.attribs)}>${node.children.map(shape).join('')}</>`;
  }
  return `?${node.type}`;
}

const same = (html: string) => expect(shape(loadWithoutScriptText(html))).toBe(shape(loadDocument(html)));

function watched(html: string): boolean {
  const cut = emptyRawText(html);
  const w: CutWatch = { cuts: cut.cuts, inside: cut.tags, clean: true, depths: [] };
  loadDocument(cut.html, undefined, { watch: w });
  return w.clean;
}

describe('emptyRawText / loadWithoutScriptText', () => {
  it('empties script and style elements, keeps the elements and everything else', () => {
    const html = '<head><style>p{color:red}</style><script type="x">var a = "<a href=/x>";</script></head><body><p>hi</p><SCRIPT>1</SCRIPT></body>';
    const cut = emptyRawText(html);
    expect(cut.html).toBe('<head><style></style><script type="x"></script></head><body><p>hi</p><SCRIPT></SCRIPT></body>');
    expect(cut.tags).toEqual(['style', 'script', 'script']);
    expect(watched(html)).toBe(true);
    same(html);
  });

  it('proves nothing for a <script> that is no element, and then loads the page as is', () => {
    const odd = [
      '<div title="<script>"><a href="/a">a</a></div><script>x</script><p>t</p>',
      '<title>a <script>b</script> c</title><p>x</p>',
      '<textarea><script>var a</script><a href="/y">y</a></textarea>',
      '<div data-x="<script>x</script>"><a href="/z">z</a></div>',
      '<script a="x>y">z<a href="/q">q</a></script>',
    ];
    for (const html of odd) same(html);
    expect(watched(odd[0]!)).toBe(false);
    expect(watched(odd[1]!)).toBe(false);
  });

  it('leaves self-closing-looking start tags, comments and unclosed raw text alone', () => {
    for (const html of [
      '<script/><a href="/a">a</a></script><p>x</p>',
      '<script a=b/><a href="/a">a</a></script><p>x</p>',
      '<script / ><b>b</b></script>',
      '<!-- <script>x</script> --><p>a</p><script>y</script>',
      '<p>a</p><script>var never = "closed"; <a href="/x">',
      '<style>a</style\u00a0><p>b</p></style><p>c</p>',
      '<script>a</scriptx><b>b</b></script><p>c</p>',
      '<script>a</script/><b>b</b></script><p>c</p>',
      '<script><</script><p>d</p>',
      '<script>x</scr</script><p>d</p>',
      '<style>a</script>b</style><p>e</p>',
      '<svg><script>a<b>c</b></script></svg><p>f</p>',
      '<noscript><script>a</script><a href="/n">n</a></noscript>',
      '<scriptx>a<b>b</b></scriptx>',
      '<script\u00a0>a<b>b</b></script>',
    ]) {
      same(html);
    }
  });

  it('gives the same tree as loading the page as is on random markup (script and style texts aside)', () => {
    const bits = [
      '<script>',
      '<script type="a">',
      '</script>',
      '</SCRIPT >',
      '<style>',
      '</style>',
      '<!--',
      '-->',
      '<title>',
      '</title>',
      '<textarea>',
      '</textarea>',
      '<a href="/x">',
      '</a>',
      '<p>',
      '</p>',
      '<div class="a>b">',
      "<div title='",
      "'>",
      '"',
      '<',
      '>',
      '/',
      ' ',
      'x',
      '<script/>',
      '<noscript>',
      '</noscript>',
      '<svg>',
      '</svg>',
      '<br/>',
      '</scr',
      '</',
      '&amp;',
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let k = 0; k < 3000; k++) {
      let html = '';
      const len = 1 + rand(24);
      for (let i = 0; i < len; i++) html += bits[rand(bits.length)];
      same(html);
    }
  });

  it('fails as too_deep with the message of the page as given (offsets in the original text)', () => {
    const html = `<script>${'x'.repeat(1000)}</script>${'<div>'.repeat(40)}`;
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ParseError;
      }
      throw new Error('no error');
    };
    const a = err(() => loadWithoutScriptText(html, new ParseBudget({ maxDepth: 20 })));
    const b = err(() => loadDocument(html, new ParseBudget({ maxDepth: 20 })));
    expect(a.code).toBe('too_deep');
    expect(a.message).toBe(b.message);
  });

  it('reads each character of a page of unclosed start tags once (linear)', () => {
    const html = '<script '.repeat(200_000);
    const t0 = performance.now();
    emptyRawText(html);
    emptyRawText('<style>'.repeat(200_000));
    emptyRawText('<!--'.repeat(200_000));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
