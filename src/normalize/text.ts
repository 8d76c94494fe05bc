/**
 * Text as a reader sees it: Unicode NFC, every run of whitespace (including NBSP, zero-width
 * and ideographic spaces) folded to one space, trimmed. Control characters (NUL among them, which
 * PostgreSQL's jsonb refuses) are dropped.
 */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0\u3000]+/g, ' ')
    .trim();
}
