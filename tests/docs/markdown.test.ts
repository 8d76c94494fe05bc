import { describe, expect, it } from 'vitest';
import { fencedBlocks, section, shellCommands } from './markdown.js';

describe('Markdown helpers of the docs tests', () => {
  const md = [
    '# Tool',
    '## Quick start',
    'Run:',
    '```sh',
    '# not a heading',
    '$ npm run demo   # the demo',
    '',
    'npm test',
    '```',
    '```',
    'output',
    '```',
    '### Detail',
    'still inside',
    '## Next',
    'outside',
  ].join('\n');

  it('cuts a section at the next heading of the same or a higher level, ignoring # lines in fences', () => {
    const body = section(md, /quick start/i)!;
    expect(body).toContain('still inside');
    expect(body).not.toContain('outside');
    expect(section(md, /^next$/i)).toBe('outside');
    expect(section(md, /missing/)).toBeUndefined();
  });

  it('reads fenced blocks and the commands in a shell block', () => {
    const blocks = fencedBlocks(section(md, /quick start/i)!);
    expect(blocks.map((b) => b.info)).toEqual(['sh', '']);
    expect(shellCommands(blocks[0]!.body)).toEqual(['npm run demo', 'npm test']);
    expect(shellCommands('curl "http://x/#frag" # fetch')).toEqual(['curl "http://x/#frag"']);
  });
});
