/**
 * A strict, small XML 1.0 well-formedness check for test output (no XML parser is installed, and
 * cheerio's xml mode forgives errors): one root, balanced tags, quoted unique attributes, only
 * predefined or numeric entities, no raw `<`/`&`, no characters XML forbids. Throws on the first problem.
 */
export function assertWellFormedXml(xml: string): void {
  const bad = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (bad) throw new Error(`invalid XML character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`);
  if (!xml.startsWith('<?xml ')) throw new Error('missing XML declaration');
  const badRef = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const token = /<\?[^?]*\?>|<!--(?:(?!--)[\s\S])*-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|[^<]+/y;
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (!m) throw new Error(`malformed markup at ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
    pos = token.lastIndex;
    const [text, close, name, attrs, selfClose] = m;
    if (name === undefined) {
      if (text.startsWith('<')) continue; // declaration or comment
      if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
      if (badRef.test(text)) throw new Error(`bare & in text: ${JSON.stringify(text.slice(0, 60))}`);
      if (text.includes(']]>')) throw new Error(']]> in text');
      continue;
    }
    if (close) {
      if (attrs || selfClose) throw new Error(`bad end tag </${name}>`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${String(open)}>`);
      continue;
    }
    const seen = new Set<string>();
    for (const a of (attrs ?? '').matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      if (seen.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
      seen.add(a[1]!);
      if (badRef.test(a[3] ?? a[4] ?? '')) throw new Error(`bare & in attribute ${a[1]}`);
    }
    if (stack.length === 0) roots++;
    if (roots > 1) throw new Error('more than one root element');
    if (!selfClose) stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error('no root element');
}
