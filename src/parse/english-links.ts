import type { Element } from 'domhandler';
import { parseEnglishArticleUrl, type ArticleUrl } from '../normalize/article-url.js';
import type { ParseBudget } from './limits.js';

/**
 * English article URLs among `anchors` (`<a href>` elements in document order), deduplicated by article id, first
 * link of each id kept, in page order. The one rule behind `extractEnglishArticleLinks` (discovery pages) and a
 * page context's harvest (`PageContext.englishLinks`). Pure.
 */
export function englishLinksOf(anchors: readonly Element[], pageUrl: string, budget: ParseBudget): ArticleUrl[] {
  const seen = new Map<string, ArticleUrl>();
  for (const el of anchors) {
    budget.tick(4); // a URL parse costs a few steps
    const href = el.attribs['href'];
    if (!href) continue;
    const art = parseEnglishArticleUrl(href, pageUrl);
    if (art && !seen.has(art.articleId)) seen.set(art.articleId, art);
  }
  return [...seen.values()];
}
