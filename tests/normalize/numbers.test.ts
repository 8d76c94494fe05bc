import { describe, expect, it } from 'vitest';
import { findNumbers, numberKey, numberKeys } from '../../src/normalize/numbers.js';

const values = (text: string) => findNumbers(text).map((n) => [n.value, n.kind]);

describe('findNumbers', () => {
  const cases: [string, [number, string][]][] = [
    ['1억1천만 달러', [[110_000_000, 'integer']]],
    ['$110 million', [[110_000_000, 'integer']]],
    ['7만3600원', [[73_600, 'integer']]],
    ['73,600 won', [[73_600, 'integer']]],
    ['3.5조 원', [[3.5e12, 'integer']]],
    ['3.5 trillion won', [[3.5e12, 'integer']]],
    ['12조3천억', [[12.3e12, 'integer']]],
    ['1조2000억 원', [[1.2e12, 'integer']]],
    ['3억 5000만 원', [[350_000_000, 'integer']]],
    ['5백만 명', [[5_000_000, 'integer']]],
    ['150만 원에서 250만 원으로', [[1_500_000, 'integer'], [2_500_000, 'integer']]],
    ['75만여 명', [[750_000, 'integer']]],
    ['타율 .298', [[0.298, 'decimal']]],
    ['batting .298 with', [[0.298, 'decimal']]],
    ['0.72', [[0.72, 'decimal']]],
    ['1,234 people', [[1234, 'integer']]],
    ['1,234,567.5', [[1_234_567.5, 'decimal']]],
    ['41% 줄었다', [[41, 'percent']]],
    ['41 percent', [[41, 'percent']]],
    ['2.1%포인트', [[2.1, 'percent']]],
    ['2055년 고갈', [[2055, 'year']]],
    ['by 2055.', [[2055, 'year']]],
    ['1980년대', [[1980, 'year']]],
    // Calendar days and months are left out on both sides.
    ['지난달 31일 밝혔다', []],
    ['10월 3일', []],
    ['on March 31 and Jan. 1', []],
    // …but not day counts or decimals before 일.
    ['취임 100일', [[100, 'integer']]],
  ];
  for (const [text, want] of cases) {
    it(text, () => expect(values(text)).toEqual(want));
  }

  it('gives offsets covering the units', () => {
    const [n] = findNumbers('약 1억1천만 달러');
    expect(n).toMatchObject({ start: 2, end: 7 });
  });
});

describe('numberKey / numberKeys', () => {
  it('agree across float noise', () => expect(numberKey(0.1 + 0.2)).toBe(numberKey(0.3)));

  it('the same values on both sides of a translation', () => {
    const ko = numberKeys('육아휴직 급여 상한을 150만 원에서 250만 원으로 올리고 첫 6개월간 100%를 지급한다. 재원은 약 1조2000억 원.');
    const en = numberKeys('raising the cap from 1.5 million won to 2.5 million won; 100 percent for the first six months; 1.2 trillion won.');
    expect([...en].sort()).toEqual([...ko].sort());
  });

  it('drops small integers, and years when asked', () => {
    expect([...numberKeys('3 people in 2020 paid 15 won')]).toEqual(['2020', '15']);
    expect([...numberKeys('3 people in 2020 paid 15 won', { years: false })]).toEqual(['15']);
    expect([...numberKeys('3 people', { minInteger: 1 })]).toEqual(['3']);
  });
});
