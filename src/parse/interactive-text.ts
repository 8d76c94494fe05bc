import type { AnyNode, Element } from 'domhandler';
import { cleanText } from '../normalize/text.js';

/** Tags that are controls a reader clicks, whose label is still text on the page. */
const INTERACTIVE_TAGS = new Set(['button', 'summary']);
/** Content no reader sees, even inside a control. */
const HIDDEN_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'textarea', 'select']);

function isInteractive(el: Element): boolean {
  return INTERACTIVE_TAGS.has(el.name) || el.attribs['role']?.trim().toLowerCase() === 'button';
}

function textOf(root: Element): string {
  let s = '';
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') s += node.data;
    else if (node.type === 'tag' && !HIDDEN_TAGS.has(node.name)) {
      // A nested control's label joins its parent's line: a word gap between them, as a reader sees them.
      if (node !== root && isInteractive(node)) s += ' ';
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return s;
}

/**
 * The text of every control (`<button>`, `<summary>`, `role="button"`), one cleaned line each, in document order;
 * a control inside another is part of the outer one's line. The article parsers leave controls out of the page
 * text (share and like buttons are noise), but a `Posted`/`Updated` or `입력`/`수정` line can sit inside one (the
 * current Korean layout wraps `업데이트` in a `<button>`; a toggle may hide the update time): the date finders
 * read these lines too. Iterative, so deep pages cannot exhaust the stack. Pure.
 */
export function interactiveLines(root: AnyNode): string[] {
  const out: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag') {
      if (HIDDEN_TAGS.has(node.name)) continue;
      if (isInteractive(node)) {
        const line = cleanText(textOf(node));
        if (line) out.push(line);
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}
