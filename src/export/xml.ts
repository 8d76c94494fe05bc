/**
 * Characters XML 1.0 cannot carry at all (not even as `&#…;`): C0 controls other than tab/LF/CR,
 * lone surrogates, U+FFFE and U+FFFF. With the `u` flag, a valid surrogate pair is one code point and kept.
 */
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters invalid in XML 1.0. Pure. */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

/** Escapes element text: `&`, `<`, `>` (for `]]>`), and CR (a parser would turn a raw CR into LF). Pure. */
export function escapeXmlText(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalization would turn raw whitespace controls into spaces.
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/** Escapes a value for a double- or single-quoted attribute. Pure. */
export function escapeXmlAttr(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}
