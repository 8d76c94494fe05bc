/** A plain Markdown table (so the output can be pasted into the README as is). */
export function formatTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

export const sec = (ms: number) => (ms / 1000).toFixed(1);
export const mb = (kb: number) => (kb / 1024).toFixed(0);
