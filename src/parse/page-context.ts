import { load, type CheerioAPI } from 'cheerio';
import type { Document, Element } from 'domhandler';
import type { ArticleUrl } from '../normalize/article-url.js';
import type { PageInput } from '../records/article.js';
import { decodePage } from './decode.js';
import { collectTags, loadDocument, loadWithoutScriptText, stripSegments, type CutWatch, type StrippedHtml } from './dom.js';
import { englishLinksOf } from './english-links.js';
import { ParseBudget, type ParseLimits } from './limits.js';
import { piecesHoldNoLinks } from './pieces-hold-no-links.js';

/**
 * One fetched page, decoded and loaded once: the tree the article parsers read and the link harvest reads too.
 * Before this, an English article page was loaded twice in the worker (the parser's stripped tree, then the raw
 * page again for `extractEnglishArticleLinks`), and the second load cost more than all the article parses.
 * Pure: no I/O; the only clock is the one injected through the limits.
 */
export interface PageContext {
  /** The page URL as given (the fetched URL): what links are resolved against. */
  readonly url: string;
  /** The decoded text of the whole page (before any stripping). */
  readonly html: string;
  /**
   * True when scripts, styles, comments … were cut before loading ({@link stripNonContent} in dom.ts); `'scripts'`
   * when only script and style texts are missing (`loadWithoutScriptText`: every element is there).
   */
  readonly stripped: boolean | 'scripts';
  /** The one tree. Readers must not change it: the harvest reads it after the parser. */
  readonly document: Document;
  /** The parse budget (depth, deadline) every stage of this page shares. */
  readonly budget: ParseBudget;
  /** A cheerio view of {@link document} (made on first use). */
  cheerio(): CheerioAPI;
  /**
   * `meta`, `a`, `title`, `body`, `time` and `link` elements in document order, grouped by tag: one walk, made
   * on first use and shared by whoever asks.
   */
  tags(): Map<string, Element[]>;
  /**
   * The `<a href>` elements of the page in document order, exactly those of the unstripped page: read from this
   * tree when the cuts provably removed none (the usual case), else from a second load of the decoded text.
   */
  anchors(): Element[];
  /** English article links of the page: `extractEnglishArticleLinks(html, url, limits)`'s answer, from this tree. */
  englishLinks(): ArticleUrl[];
  /** Where {@link anchors} came from, for tests and the bench: this tree, or a second load. */
  readonly linkSource: 'tree' | 'reload' | null;
}

export interface LoadPageOptions {
  /** Depth and time limits (a budget is made from them when `budget` is not given). */
  limits?: ParseLimits | undefined;
  /** The budget to load within (the parsers pass theirs, named after the article URL). */
  budget?: ParseBudget | undefined;
  /**
   * `true`: cut non-content before loading (what the English parser reads). `'scripts'`: only empty the `<script>`
   * and `<style>` elements (`loadWithoutScriptText` in dom.ts): the tree has every element of the page as is, and
   * only their text is gone, which no reader of the Korean parser reads (its record for the same bytes must not
   * change, and nothing there was measured with stripping). `false`: load the page as is.
   * @defaultValue true
   */
  strip?: boolean | 'scripts' | undefined;
}

const CONTEXT_TAGS = ['meta', 'a', 'title', 'body', 'time', 'link'] as const;

class LoadedPage implements PageContext {
  readonly html: string;
  readonly stripped: boolean | 'scripts';
  readonly document: Document;
  readonly budget: ParseBudget;
  linkSource: 'tree' | 'reload' | null = null;
  private $: CheerioAPI | null = null;
  private tagMap: Map<string, Element[]> | null = null;
  private anchorList: Element[] | null = null;
  /** The budget the harvest runs in: the page's, or a fresh one for a second load (as the harvest had before). */
  private harvestBudget: ParseBudget | null = null;
  private readonly cut: StrippedHtml | null;
  private readonly watch: CutWatch | null;

  constructor(
    readonly url: string,
    html: string,
    budget: ParseBudget,
    private readonly limits: ParseLimits,
    strip: boolean | 'scripts',
  ) {
    this.html = html;
    this.budget = budget;
    this.stripped = strip;
    if (strip === 'scripts') {
      // Every element of the page is in this tree (only script and style texts are not): its anchors are the page's.
      this.cut = null;
      this.watch = null;
      this.document = loadWithoutScriptText(html, budget);
    } else if (strip) {
      this.cut = stripSegments(html);
      budget.check();
      this.watch = this.cut.pieces.length ? { cuts: this.cut.cuts, clean: true, depths: [] } : null;
      this.document = loadDocument(this.cut.html, budget, { watch: this.watch ?? undefined });
    } else {
      this.cut = null;
      this.watch = null;
      this.document = loadDocument(html, budget);
    }
  }

  cheerio(): CheerioAPI {
    // cheerio keeps a Document it is given; `xmlMode: false` keeps HTML semantics (see loadHtml in dom.ts).
    this.$ ??= load(this.document, { xml: { xmlMode: false, decodeEntities: true } });
    return this.$;
  }

  tags(): Map<string, Element[]> {
    this.tagMap ??= collectTags(this.document, CONTEXT_TAGS, this.budget);
    return this.tagMap;
  }

  anchors(): Element[] {
    if (this.anchorList) return this.anchorList;
    const cut = this.cut;
    const fromTree = !cut || cut.pieces.length === 0 || (this.watch!.clean && piecesHoldNoLinks(this.html, cut.pieces, this.watch!.depths, this.budget));
    let anchors: Element[];
    if (fromTree) {
      anchors = this.tags().get('a')!;
      this.linkSource = 'tree';
    } else {
      // What the harvest did before page contexts: the decoded page loaded again, within fresh limits.
      this.harvestBudget = new ParseBudget(this.limits, this.url);
      anchors = collectTags(loadDocument(this.html, this.harvestBudget), ['a'], this.harvestBudget).get('a')!;
      this.linkSource = 'reload';
    }
    this.anchorList = anchors.filter((a) => a.attribs['href'] !== undefined);
    return this.anchorList;
  }

  englishLinks(): ArticleUrl[] {
    const anchors = this.anchors();
    return englishLinksOf(anchors, this.url, this.harvestBudget ?? this.budget);
  }
}

/**
 * Decodes a fetched page (decode.ts), cuts its non-content unless told not to, and loads it once within the
 * budget (`too_deep` while loading, `parse_timeout` from the injected clock).
 */
export function loadPage(page: PageInput, opts: LoadPageOptions = {}): PageContext {
  const limits = opts.limits ?? {};
  const budget = opts.budget ?? new ParseBudget(limits, page.url);
  const html = decodePage(page);
  budget.check();
  return new LoadedPage(page.url, html, budget, limits, opts.strip ?? true);
}
