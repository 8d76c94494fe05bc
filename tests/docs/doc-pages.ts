import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for reading the pages. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The documentation a reader browses, relative to the root: the top-level pages that exist and every docs/*.md
 * (a new page under docs/ is covered without editing any test).
 */
export const DOC_PAGES: string[] = [
  ...['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md'].filter((f) => existsSync(join(ROOT, f))),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/**
 * Where the configuration table (`donga-ingest config --markdown`) may live: the README, or a page of its own that
 * the README links to. Exactly one of them must hold it; moving it is a matter of moving the text.
 */
export const CONFIG_TABLE_PAGES = ['README.md', 'docs/configuration.md'] as const;

/** The generated command reference (`donga-ingest commands --markdown`). */
export const COMMANDS_PAGE = 'docs/commands.md';
