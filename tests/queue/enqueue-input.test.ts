import { describe, expect, it } from 'vitest';
import { checkDateRange, classifyInputs, enqueueUsageProblems, inputLines } from '../../src/queue/enqueue-input.js';

const opts = { baseUrl: 'http://127.0.0.1:4000', allowedHosts: new Set(['www.donga.com', '127.0.0.1:4000']) };

describe('classifyInputs', () => {
  it('accepts English URLs on allowed hosts, YYYYMMDD/id, and bare ids for lookup', () => {
    const r = classifyInputs(
      ['https://www.donga.com/en/article/all/20240809/5104150/1', '20240810/5104200', '5104300', 'http://127.0.0.1:4000/en/article/all/20240811/5104400/1'],
      opts,
    );
    expect(r.problems).toEqual([]);
    expect(r.targets.map((t) => t.url)).toEqual([
      'https://www.donga.com/en/article/all/20240809/5104150/1',
      'http://127.0.0.1:4000/en/article/all/20240810/5104200/1',
      'http://127.0.0.1:4000/en/article/all/20240811/5104400/1',
    ]);
    expect(r.pending).toEqual([{ input: '5104300', articleId: '5104300' }]);
  });

  it.each([
    ['https://evil.example/en/article/all/20240809/5104150/1', /off-site/],
    ['https://www.donga.com/news/Politics/article/all/20240809/126426105/2', /Korean article URL: enqueue the English page/],
    ['12:34', /not an English article URL/],
    ['../../etc', /not an English article URL/],
    ['javascript:alert(1)', /not an English article URL/],
    ['99999999999999999999', /at most 8 digits/],
    ['', /empty/],
    ['   ', /empty/],
    ['https://www.donga.com/en/List?p=2', /not an English article URL/],
    ['20241399/5104150', /real date/],
    ['https://user:pw@www.donga.com/en/article/all/20240809/5104150/1', /credentials/],
    ['https://www.donga.com.evil.org/en/article/all/20240809/5104150/1', /off-site host www\.donga\.com\.evil\.org/],
    ['https://donga.com@evil.org/en/article/all/20240809/5104150/1', /credentials/],
    ['https://www.donga.com./en/article/all/20240809/5104150/1', /off-site/],
    ['https://www.donga.com:8443/en/article/all/20240809/5104150/1', /off-site/],
    ['ftp://www.donga.com/en/article/all/20240809/5104150/1', /not an English article URL/],
    ['-5', /not an English article URL/],
    ['0', /leading zero/],
    ['https://www.donga.com/en/article/all/20240230/5104150/1', /not an English article URL/],
    // The id rule is the same whatever the form: a URL or YYYYMMDD/<id> cannot smuggle in a malformed id.
    ['https://www.donga.com/en/article/all/20240809/0/1', /leading zero/],
    ['https://www.donga.com/en/article/all/20240809/999999999999/1', /at most 8 digits/],
    ['20240809/999999999', /at most 8 digits/],
  ])('refuses %j', (input, reason) => {
    const r = classifyInputs([input], opts);
    expect(r.targets).toEqual([]);
    expect(r.pending).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.reason).toMatch(reason);
  });
});

describe('checkDateRange and input files', () => {
  it('validates dates and their order', () => {
    expect(checkDateRange('2024-08-01', '2024-08-05')).toEqual({ since: '20240801', until: '20240805', problems: [] });
    expect(checkDateRange('2024-08-06', '2024-08-05').problems[0]!.reason).toMatch(/after/);
    expect(checkDateRange('yesterday', undefined).problems).toHaveLength(1);
    expect(checkDateRange('2024-02-30', undefined).problems[0]).toEqual({ input: '--since 2024-02-30', reason: 'expected a date YYYY-MM-DD' });
  });
  it('skips blanks and comments', () => {
    expect(inputLines('# list\n\n 20240809/5104150 \r\n5104300\n')).toEqual(['20240809/5104150', '5104300']);
  });
  it('drops a trailing comment after an input, but keeps a URL fragment', () => {
    expect(
      inputLines(
        [
          '20240809/5104150  # re-check after the correction',
          '5104300\t#tab before the comment',
          'https://www.donga.com/en/article/all/20240809/5104150/1#comments',
          'https://www.donga.com/en/article/all/20240809/5104160/1 # trailing',
          '   # indented whole-line comment',
          '#',
        ].join('\n'),
      ),
    ).toEqual([
      '20240809/5104150',
      '5104300',
      'https://www.donga.com/en/article/all/20240809/5104150/1#comments',
      'https://www.donga.com/en/article/all/20240809/5104160/1',
    ]);
  });
});

describe('enqueueUsageProblems', () => {
  it('refuses a command line with nothing to enqueue', () => {
    expect(enqueueUsageProblems({ inputs: [] })).toEqual(['nothing to enqueue: give article URLs, YYYYMMDD/<id> or ids, --file F, or --since/--until']);
  });
  it('names a malformed --since/--until', () => {
    expect(enqueueUsageProblems({ inputs: [], since: 'yesterday' })).toEqual(['--since: expected a date YYYY-MM-DD, got "yesterday"']);
    expect(enqueueUsageProblems({ inputs: ['5104150'], until: '2024-02-30' })).toEqual(['--until: expected a date YYYY-MM-DD, got "2024-02-30"']);
    expect(enqueueUsageProblems({ inputs: [], since: '', until: 'x' })).toEqual([
      '--since: expected a date YYYY-MM-DD, got ""',
      '--until: expected a date YYYY-MM-DD, got "x"',
    ]);
  });
  it('leaves the inputs themselves alone: invalid ones are bad input, not usage', () => {
    expect(enqueueUsageProblems({ inputs: ['ftp://x', ''] })).toEqual([]);
    expect(enqueueUsageProblems({ inputs: [], file: 'list.txt' })).toEqual([]);
    expect(enqueueUsageProblems({ inputs: [], since: '2024-08-01' })).toEqual([]);
    expect(enqueueUsageProblems({ inputs: [], until: '2024-08-01' })).toEqual([]);
    // A reversed range is a bad request, as before (exit 1), not a malformed argument.
    expect(enqueueUsageProblems({ inputs: [], since: '2024-08-06', until: '2024-08-05' })).toEqual([]);
  });
});
