import { describe, expect, it } from 'vitest';
import { findLabeledDates, kstIso, parseKstDate, toKstIso } from '../../src/normalize/kst-date.js';

describe('parseKstDate', () => {
  it.each([
    // English pages
    ['April. 03, 2020 07:38', '2020-04-03T07:38:00+09:00'],
    ['April. 03, 2020 07:38,', '2020-04-03T07:38:00+09:00'],
    ['Sept. 9, 2021 10:05', '2021-09-09T10:05:00+09:00'],
    ['May 21, 2024 08:00', '2024-05-21T08:00:00+09:00'],
    ['May. 21, 2024 08:00', '2024-05-21T08:00:00+09:00'],
    ['December. 25, 2023 08:20', '2023-12-25T08:20:00+09:00'],
    ['Jan. 1, 2019 12:05 AM', '2019-01-01T00:05:00+09:00'],
    ['Feb 29, 2024 1:30 p.m.', '2024-02-29T13:30:00+09:00'],
    ['March 3, 2020', '2020-03-03T00:00:00+09:00'],
    // Korean pages
    ['2020-04-03 03:00', '2020-04-03T03:00:00+09:00'],
    ['2015-07-08 03:00:00', '2015-07-08T03:00:00+09:00'],
    ['2020.04.03 03:00', '2020-04-03T03:00:00+09:00'],
    ['2020.04.03. 03:00', '2020-04-03T03:00:00+09:00'],
    ['2026-01-06 14:18', '2026-01-06T14:18:00+09:00'],
    ['2020년 4월 3일 오후 3시 5분', '2020-04-03T15:05:00+09:00'],
    // Meta timestamps with their own offset
    ['2020-04-03T07:38:00+09:00', '2020-04-03T07:38:00+09:00'],
    ['2020-04-02T22:38:00Z', '2020-04-03T07:38:00+09:00'],
    ['2020-04-02T22:38:00+0000', '2020-04-03T07:38:00+09:00'],
    // Review R1: variants a drifted layout may print; before the fix the time was silently dropped (00:00) or no date found.
    ['April 3, 2020 at 7:38 a.m.', '2020-04-03T07:38:00+09:00'],
    ['Sept.09,2021 10:05', '2021-09-09T10:05:00+09:00'],
    ['3 April 2020 07:38', '2020-04-03T07:38:00+09:00'],
    ['03 Sept. 2021, 10:05', '2021-09-03T10:05:00+09:00'],
    ['2025.09.04 오후 3:33', '2025-09-04T15:33:00+09:00'],
    ['2025-09-04 오전 12:10', '2025-09-04T00:10:00+09:00'],
    ['2020-04-03 03:33 PM', '2020-04-03T15:33:00+09:00'],
    ['2020-04-03 12:10 AM', '2020-04-03T00:10:00+09:00'],
  ])('%j → %s', (text, iso) => {
    expect(parseKstDate(text)).toBe(iso);
  });

  it.each([
    'no date here',
    '',
    'Feb. 30, 2021 10:00',
    'Smarch 3, 2020 10:00',
    '2020-13-01 10:00',
    '2021-02-29 10:00',
    '2020-04-03 25:00',
    '2020-04-03 10:60',
    'April. 31, 2020 07:38',
  ])('%j → null', (text) => {
    expect(parseKstDate(text)).toBeNull();
  });
});

describe('findLabeledDates', () => {
  it.each<[string, ReturnType<typeof findLabeledDates>]>([
    ['Posted April. 03, 2020 07:38, Updated April. 03, 2020 07:38', { posted: '2020-04-03T07:38:00+09:00', updated: '2020-04-03T07:38:00+09:00' }],
    ['Posted Sept. 9, 2021 10:05,   Updated Sept. 9, 2021 11:40', { posted: '2021-09-09T10:05:00+09:00', updated: '2021-09-09T11:40:00+09:00' }],
    ['Posted May 21, 2024 08:00', { posted: '2024-05-21T08:00:00+09:00' }],
    ['Updated May 21, 2024 09:00 Posted May 21, 2024 08:00', { posted: '2024-05-21T08:00:00+09:00', updated: '2024-05-21T09:00:00+09:00' }],
    ['입력 2020-04-03 03:00 수정 2020-04-03 09:12', { input: '2020-04-03T03:00:00+09:00', modified: '2020-04-03T09:12:00+09:00' }],
    ['입력 2015-07-08 03:00:00', { input: '2015-07-08T03:00:00+09:00' }],
    ['업데이트 2020.04.03 10:00 입력 2020.04.03 03:00', { input: '2020-04-03T03:00:00+09:00', modified: '2020-04-03T10:00:00+09:00' }],
    ['입력2026-01-06 14:18업데이트2026-01-06 14:37', { input: '2026-01-06T14:18:00+09:00', modified: '2026-01-06T14:37:00+09:00' }],
    ['Posted: April. 03, 2020 07:38', { posted: '2020-04-03T07:38:00+09:00' }],
    ['Posted Feb. 30, 2021 10:00', {}],
    // Review R1
    ['POSTED APRIL. 03, 2020 07:38', { posted: '2020-04-03T07:38:00+09:00' }],
    ['Posted: April 3, 2020 at 7:38 p.m.', { posted: '2020-04-03T19:38:00+09:00' }],
    ['Posted 3 April 2020 07:38', { posted: '2020-04-03T07:38:00+09:00' }],
    ['입력 2025.09.04 오후 3:33 업데이트 2025.09.04 오후 4:05', { input: '2025-09-04T15:33:00+09:00', modified: '2025-09-04T16:05:00+09:00' }],
    ['the company posted April 3, 2020 sales', {}],
    ['Posted yesterday', {}],
    ['2020-04-03 03:00 with no label', {}],
  ])('%j', (text, expected) => {
    expect(findLabeledDates(text)).toEqual(expected);
  });
});

describe('kstIso / toKstIso', () => {
  it('formats and range-checks', () => {
    expect(kstIso(2024, 2, 29, 23, 59, 59)).toBe('2024-02-29T23:59:59+09:00');
    expect(kstIso(2023, 2, 29)).toBeNull();
    expect(kstIso(2023, 1, 1, 24)).toBeNull();
  });
  it('converts epoch ms to Korea time', () => {
    expect(toKstIso(Date.UTC(2020, 3, 2, 22, 38))).toBe('2020-04-03T07:38:00+09:00');
  });
});

describe('kst-date edges', () => {
  it('kstIso accepts 1900-2200, months 1-12, the days of the month and 23:59:59; nothing beyond', () => {
    expect(kstIso(1900, 1, 1)).toBe('1900-01-01T00:00:00+09:00');
    expect(kstIso(2200, 12, 31)).toBe('2200-12-31T00:00:00+09:00');
    expect(kstIso(2024, 1, 31, 23, 59, 59)).toBe('2024-01-31T23:59:59+09:00');
    const bad: [number, number, number, number?, number?, number?][] = [
      [1899, 12, 31],
      [2201, 1, 1],
      [2024, 0, 1],
      [2024, 13, 1],
      [2024, 1, 0],
      [2024, 1, 32],
      [2024, 4, 31],
      [2024, 1, 1, 0, 60],
      [2024, 1, 1, 0, 0, 60],
    ];
    for (const args of bad) expect(kstIso(...args), args.join(',')).toBeNull();
  });

  it.each([
    ['2020-04-03 12:05 PM', '2020-04-03T12:05:00+09:00'],
    ['2020-04-03 13:00 PM', '2020-04-03T13:00:00+09:00'],
    ['2020-04-03 13:00 AM', '2020-04-03T13:00:00+09:00'],
    ['2020-04-03 오후 12:30', '2020-04-03T12:30:00+09:00'],
    ['2020-04-03 오전 9:30', '2020-04-03T09:30:00+09:00'],
    ['2020-04-03 11:59:30', '2020-04-03T11:59:30+09:00'],
    ['2020년 4월 3일 오전 12시 5분', '2020-04-03T00:05:00+09:00'],
    ['2020년 4월 3일 오후 12시', '2020-04-03T12:00:00+09:00'],
    ['2020년 4월 3일 오전 9시', '2020-04-03T09:00:00+09:00'],
    ['2020년 4월 3일', '2020-04-03T00:00:00+09:00'],
    ['2020-04-02T18:38:00-05:00', '2020-04-03T08:38:00+09:00'],
    ['2020-04-03T07:38:00+0900', '2020-04-03T07:38:00+09:00'],
    ['published 2020-04-03 03:00 in Seoul', '2020-04-03T03:00:00+09:00'],
  ])('%j → %s', (text, iso) => {
    expect(parseKstDate(text)).toBe(iso);
  });

  it('a 24-hour time with no AM/PM marker is kept as written (12:30 is after noon)', () => {
    expect(parseKstDate('2020-04-03 12:30')).toBe('2020-04-03T12:30:00+09:00');
  });

  it("offsets do not depend on the machine's time zone", () => {
    const saved = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      expect(parseKstDate('2020-04-02T22:38:00Z')).toBe('2020-04-03T07:38:00+09:00');
      expect(parseKstDate('2020-04-02T22:38:00+0000')).toBe('2020-04-03T07:38:00+09:00');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('an impossible date in one format does not hide a valid one in the next', () => {
    expect(parseKstDate('ref 2020-13-45, posted April 3, 2020 07:38')).toBe('2020-04-03T07:38:00+09:00');
    expect(parseKstDate('Feb. 30, 2021 / 2021년 3월 1일')).toBe('2021-03-01T00:00:00+09:00');
  });

  it.each(['2020-02-30T10:00:00Z', '2020년 13월 3일', 'Foo. 3, 2020 07:38', '2020-04-03T07:38:00+99:99'])('%j → null', (text) => {
    expect(parseKstDate(text)).toBeNull();
  });

  it('findLabeledDates: the first date of a label wins; 수정 and 업데이트 are the same label', () => {
    expect(findLabeledDates('Posted May 21, 2024 08:00 Posted May 22, 2024 09:00')).toEqual({ posted: '2024-05-21T08:00:00+09:00' });
    expect(findLabeledDates('수정 2020-04-03 09:12 업데이트 2020-04-03 10:00')).toEqual({ modified: '2020-04-03T09:12:00+09:00' });
    expect(findLabeledDates('UPDATED May 21, 2024 09:00')).toEqual({ updated: '2024-05-21T09:00:00+09:00' });
  });
});
