import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILURE_ADVICE } from '../../src/failure.js';

// An operator who meets a failure code looks it up in docs/operations.md. FAILURE_ADVICE must name every code to
// compile; this keeps the documented table just as complete, and free of codes that no longer exist.
const ops = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

/** The codes named in the first column of the table under "## Failures and what to do". */
function documentedCodes(md: string): Set<string> {
  const section = md.slice(md.indexOf('\n## Failures and what to do'));
  const body = section.slice(0, section.indexOf('\n## ', 1) === -1 ? undefined : section.indexOf('\n## ', 1));
  const codes = new Set<string>();
  for (const row of body.matchAll(/^\| *([^|\n]+?) *\|/gm)) {
    for (const m of row[1]!.matchAll(/`([a-z_]+)`/g)) codes.add(m[1]!);
  }
  return codes;
}

describe('docs/operations.md failure table', () => {
  const documented = documentedCodes(ops);

  it('names every failure code of FAILURE_ADVICE', () => {
    const missing = Object.keys(FAILURE_ADVICE).filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });

  it('names no code that does not exist', () => {
    expect([...documented].filter((code) => !Object.hasOwn(FAILURE_ADVICE, code))).toEqual([]);
  });
});
