/**
 * Text as a reader sees it: Unicode NFC, every run of whitespace (including NBSP, zero-width
 * and ideographic spaces) folded to one space, trimmed.
 */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0\u3000]+/g, ' ')
    .trim();
}
