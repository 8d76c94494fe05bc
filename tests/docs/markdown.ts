// Pure Markdown helpers for the docs tests: headings and their GitHub anchors, relative links, sections and fenced
// blocks. No file access here; the tests read the pages.

const FENCE = /^(```|~~~)/;

/** Markdown without fenced code blocks, where `#` lines and link syntax are only text. */
function withoutFences(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** …and without inline code either. */
function prose(md: string): string {
  return withoutFences(md).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 … */
export function headingAnchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative link targets of a page (external URLs and mail addresses left out). */
export function relativeLinks(md: string): string[] {
  const out: string[] = [];
  for (const m of prose(md).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    out.push(target);
  }
  return out;
}

/**
 * The body of the first section whose heading matches `heading`: the lines after it up to the next heading of the
 * same or a higher level. Lines inside fenced blocks are never headings (a `# comment` in a shell block).
 */
export function section(md: string, heading: RegExp): string | undefined {
  const lines = md.split('\n');
  let inFence = false;
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (!h) continue;
    if (start >= 0 && h[1]!.length <= level) return lines.slice(start, i).join('\n');
    if (start < 0 && heading.test(h[2]!)) {
      start = i + 1;
      level = h[1]!.length;
    }
  }
  return start >= 0 ? lines.slice(start).join('\n') : undefined;
}

/** Fenced code blocks in order, with their info string (`sh`, `` for none). */
export function fencedBlocks(md: string): { info: string; body: string }[] {
  return [...md.matchAll(/^(```|~~~)[ \t]*([^\n]*)\n([\s\S]*?)^\1[ \t]*$/gm)].map((m) => ({ info: m[2]!.trim(), body: m[3]! }));
}

/** The commands of a shell block: one per line, `$ ` prompts, trailing `# comments` and blank lines dropped. */
export function shellCommands(block: string): string[] {
  return block
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*\$\s+/, '')
        .replace(/(^|\s)#.*$/, '')
        .trim(),
    )
    .filter((l) => l !== '');
}
