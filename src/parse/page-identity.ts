import type { AnyNode, Element } from 'domhandler';
import { canonicalUrl, parseArticleUrl } from '../normalize/article-url.js';
import type { PageIdentity } from '../records/article.js';
import { collectTags } from './dom.js';

/**
 * Meta tags that name the article id itself (content digits only). Deliberately narrow: a recommender's item id
 * (`dable:item_id`) or a CMS id may use another numbering, and a foreign number here would read as another article.
 */
const ID_META = new Set(['articleid', 'article_id', 'article:id', 'dd:article_id']);

/**
 * What a page says it is, independent of the URL it was reached by: its `<link rel="canonical">`, its `og:url`, and
 * the article ids those (and id meta tags) name. Pair verification compares this with the link that was followed,
 * so a `한국어` link serving another article is caught (wrong links are the failure to catch: docs/alignment.md). Pure.
 */
export function extractPageIdentity(
  root: AnyNode,
  pageUrl: string,
  /** The page's `link` and `meta` elements in document order, when already collected (a page context's `tags()`). */
  collected?: ReadonlyMap<string, Element[]>,
): PageIdentity {
  const tags = collected?.has('link') && collected.has('meta') ? collected : collectTags(root, ['link', 'meta']);
  let canonical: string | null = null;
  for (const el of tags.get('link')!) {
    const rel = (el.attribs['rel'] ?? '').toLowerCase().split(/\s+/);
    const href = el.attribs['href'];
    if (rel.includes('canonical') && href) {
      canonical = canonicalUrl(href, pageUrl);
      if (canonical) break;
    }
  }
  let og: string | null = null;
  const idMetas: string[] = [];
  for (const el of tags.get('meta')!) {
    const key = (el.attribs['property'] ?? el.attribs['name'] ?? el.attribs['itemprop'] ?? '').trim().toLowerCase();
    const content = (el.attribs['content'] ?? '').trim();
    if (!content) continue;
    if (key === 'og:url' && og === null) og = canonicalUrl(content, pageUrl);
    else if (ID_META.has(key) && /^\d{1,12}$/.test(content)) idMetas.push(content);
  }
  const ids = [canonical, og].flatMap((u) => (u ? [parseArticleUrl(u)?.articleId] : [])).filter((id): id is string => !!id);
  return { canonicalUrl: canonical, ogUrl: og, articleIds: [...new Set([...ids, ...idMetas])] };
}
