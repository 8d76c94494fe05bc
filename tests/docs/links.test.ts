import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, relativeLinks } from './markdown.js';
import { DOC_PAGES, ROOT } from './doc-pages.js';

// The README is the front door and links into docs/; moving a section or renaming a heading must not leave a
// reader at a dead link. Every relative link of README.md, CHANGELOG.md, CONTRIBUTING.md (when there is one) and
// docs/*.md must reach an existing file, and a link with a fragment must name a heading of the target (GitHub's
// anchor rules).
const root = ROOT;
const pages = DOC_PAGES;

describe('links between README.md, CHANGELOG.md, CONTRIBUTING.md and docs/*.md', () => {
  it('finds the pages and their links (the checks below are not vacuous)', () => {
    expect(pages).toContain('docs/operations.md');
    expect(pages).toContain('docs/site-notes.md');
    expect(pages).toContain('docs/commands.md');
    expect(relativeLinks(readFileSync(join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(5);
  });

  it.each(pages)('%s: every relative link resolves, anchors included', (page) => {
    const problems: string[] = [];
    for (const link of relativeLinks(readFileSync(join(root, page), 'utf8'))) {
      const [path = '', fragment] = link.split('#', 2);
      const file = path === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(path));
      if (!existsSync(file)) {
        problems.push(`${link}: no file ${relative(root, file)}`);
        continue;
      }
      if (fragment === undefined || fragment === '') continue;
      if (!statSync(file).isFile() || !file.endsWith('.md')) {
        problems.push(`${link}: a fragment on something that is not a Markdown file`);
        continue;
      }
      const anchors = headingAnchors(readFileSync(file, 'utf8'));
      if (!anchors.has(decodeURIComponent(fragment))) problems.push(`${link}: no heading #${fragment} in ${relative(root, file)}`);
    }
    expect(problems).toEqual([]);
  });

  it('computes anchors the way GitHub does and reads links outside code only', () => {
    const anchors = headingAnchors('# Limits: no page can hang\n## Chaos suite (`npm run chaos`)\n## A\n## A\n```\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['limits-no-page-can-hang', 'chaos-suite-npm-run-chaos', 'a', 'a-1']);
    expect(relativeLinks('[a](docs/x.md#y) [b](https://example.com) `[c](z.md)` [d](#here)')).toEqual(['docs/x.md#y', '#here']);
  });
});

// Documentation is written for readers who have only the repository and the web: a source must be a public URL or
// a plain description, never the F-number of some private code index nor a bracketed source tag.
describe('no opaque source references', () => {
  const fixtureSources = ['en', 'ko']
    .flatMap((lang) => readdirSync(join(root, 'tests/fixtures', lang)).map((slug) => `tests/fixtures/${lang}/${slug}/source.json`))
    .filter((f) => existsSync(join(root, f)));
  const files = [...pages, 'tests/fixtures/README.md', ...fixtureSources];

  it('reads the fixture sources too', () => {
    expect(fixtureSources.length).toBeGreaterThan(10);
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(text.match(/\bF\d{8,}\b|\[SF\]|\[(?:seen|inferred|unknown|measured)\]/g) ?? []).toEqual([]);
  });
});
