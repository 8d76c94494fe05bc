import { describe, expect, it } from 'vitest';
import { findNumbers, numberKey, numberKeys } from '../../src/normalize/numbers.js';

const mentions = (text: string, dates = false) => findNumbers(text, { dates }).map((n) => [n.value, n.kind]);
const values = (text: string) => findNumbers(text).map((n) => n.value);

describe('findNumbers: the two sides of a translation meet on the value', () => {
  it.each<[string, string, number[]]>([
    // [Korean, English, the values of both]
    ['1억1천만 달러를 투자했다', 'invested $110 million', [110_000_000]],
    ['7만3600원에 마감했다', 'closed at 73,600 won', [73_600]],
    ['3.5조 원 규모', 'worth 3.5 trillion won', [3.5e12]],
    ['타율 0.298', 'batting .298 this season', [0.298]],
    ['타율 .298', 'batting .298 with', [0.298]],
    ['12조3천억 원', '12.3 trillion won', [12.3e12]],
    ['1조2000억 원, 3억 5000만 원', '1.2 trillion won and 350 million won', [1.2e12, 350_000_000]],
    ['1조2,000억 원', '1.2 trillion won', [1.2e12]],
    ['150만 원에서 250만 원으로', 'from 1.5 million won to 2.5 million won', [1_500_000, 2_500_000]],
    ['3천 명, 5백만 명', '3,000 people, 5 million people', [3000, 5_000_000]],
    ['730만 명', '7.3 million people', [7_300_000]],
    ['1862조 원', '1,862 trillion won', [1.862e15]],
    ['환율은 1,385.2원', 'closed at 1,385.2', [1385.2]],
    ['2.1% 올라', 'up 2.1 percent', [2.1]],
    ['5천억 달러', '$500 billion', [5e11]],
    ['2억5000만 달러', '$250-million deal', [250_000_000]],
    ['30억 달러', '$3bn', [3e9]],
    ['300만 달러', '$3 mln', [3e6]],
    ['4조 원', '4 tn won', [4e12]],
    ['1억1천만 달러', '$110 Million Deal', [110_000_000]],
    ['2.5배', '2.5 times', [2.5]],
    // Wire-copy groups: hundreds and tens as digits after 천 (`1천500`).
    ['1천200명', '1,200 people', [1200]],
    ['1천500만 명', '15 million people', [15_000_000]],
    ['2천500억 원', '250 billion won', [2.5e11]],
    ['1억2천500만 달러', '$125 million', [125_000_000]],
  ])('%s = %s', (ko, en, want) => {
    expect(values(ko)).toEqual(want);
    expect(values(en)).toEqual(want);
  });
});

describe('findNumbers: values and kinds', () => {
  it.each<[string, [number, string][]]>([
    // Korean units alone and compound, four-digit groups.
    ['3.5조 원', [[3.5e12, 'integer']]],
    ['3억 5000만 원', [[350_000_000, 'integer']]],
    ['1억 2천만', [[120_000_000, 'integer']]],
    ['5백만 명', [[5_000_000, 'integer']]],
    ['75만여 명', [[750_000, 'integer']]],
    ['1,000억', [[1e11, 'integer']]],
    ['1경', [[1e16, 'integer']]],
    ['3.5만', [[35_000, 'integer']]],
    ['100만3000', [[1_003_000, 'integer']]],
    ['2천5백만', [[25_000_000, 'integer']]],
    ['2만5천500', [[25_500, 'integer']]],
    [
      '3천5000',
      [
        [3000, 'integer'],
        [5000, 'integer'],
      ],
    ],
    // A chunk must be smaller than the unit before it, and a bare one must be glued to it; else a new number.
    [
      '10만 20대 청년',
      [
        [100_000, 'integer'],
        [20, 'integer'],
      ],
    ],
    [
      '7만3600원과 8만 원',
      [
        [73_600, 'integer'],
        [80_000, 'integer'],
      ],
    ],
    [
      '7만 3600',
      [
        [70_000, 'integer'],
        [3600, 'integer'],
      ],
    ],
    [
      '1만12000',
      [
        [10_000, 'integer'],
        [12_000, 'integer'],
      ],
    ],
    [
      '3억 5',
      [
        [300_000_000, 'integer'],
        [5, 'integer'],
      ],
    ],
    // A bare glued remainder is read by the grammar (the aligner's reading; the verifier's split it in two).
    ['3억5000', [[300_005_000, 'integer']]],
    // Units are read by script, whatever the language around them.
    ['1.5 million won이라고', [[1_500_000, 'integer']]],
    ['the 1억1천만 figure', [[110_000_000, 'integer']]],
    // Digits.
    ['0.72', [[0.72, 'decimal']]],
    ['1,234 people', [[1234, 'integer']]],
    ['1,234,567.5', [[1_234_567.5, 'decimal']]],
    ['No.5', [[5, 'integer']]],
    [
      '2.5, 2.5 and 0.8',
      [
        [2.5, 'decimal'],
        [2.5, 'decimal'],
        [0.8, 'decimal'],
      ],
    ],
    [
      'COVID-19 and G20',
      [
        [19, 'integer'],
        [20, 'integer'],
      ],
    ],
    ['no numbers here', []],
    // Percents.
    ['41% 줄었다', [[41, 'percent']]],
    ['41％', [[41, 'percent']]],
    ['41퍼센트', [[41, 'percent']]],
    ['41 percent', [[41, 'percent']]],
    ['41 per cent', [[41, 'percent']]],
    ['41pct', [[41, 'percent']]],
    ['2.1%포인트', [[2.1, 'percent']]],
    ['2.1 percentage points', [[2.1, 'percent']]],
    // Years (four digits, 1900–2100, no unit).
    ['2055년 고갈', [[2055, 'year']]],
    ['by 2055.', [[2055, 'year']]],
    ['1980년대', [[1980, 'year']]],
    [
      '2020-2023',
      [
        [2020, 'year'],
        [2023, 'year'],
      ],
    ],
    [
      '2020~2023년',
      [
        [2020, 'year'],
        [2023, 'year'],
      ],
    ],
    // Ranges: each end is a number.
    [
      '10~20%',
      [
        [10, 'integer'],
        [20, 'percent'],
      ],
    ],
    [
      '10 to 20 percent',
      [
        [10, 'integer'],
        [20, 'percent'],
      ],
    ],
    // Signs are not read: the other side writes them as words (`fell 3.5 percent`, `영하 5도`).
    ['-3.5%', [[3.5, 'percent']]],
    ['fell −2.1 percent', [[2.1, 'percent']]],
    ['영하 5도', [[5, 'integer']]],
    // Fractions are read as their parts (English spells them out; `9/11` is a name).
    [
      '1/3',
      [
        [1, 'integer'],
        [3, 'integer'],
      ],
    ],
    [
      '3분의 1',
      [
        [3, 'integer'],
        [1, 'integer'],
      ],
    ],
  ])('%s', (text, want) => {
    expect(mentions(text)).toEqual(want);
  });
});

describe('findNumbers: calendar days and months', () => {
  it.each<[string, number[], number[]]>([
    // [text, values by default (dates left out), the dates kept with { dates: true }]
    ['지난달 31일 밝혔다', [], [31]],
    ['10월 3일', [], [10, 3]],
    ['3월 5일', [], [3, 5]],
    ['지난달 31일 10월 2일', [], [31, 10, 2]],
    ['10~12월', [], [10, 12]],
    ['5~7일', [], [5, 7]],
    ['on March 31 and Jan. 1', [], [31, 1]],
    ['March 5th', [], [5]],
    ['March 5-7', [], [5, 7]],
    ['March 5 and 6', [], [5, 6]],
    ['31 December', [], [31]],
    ['5 March 2024', [2024], [5]],
    ['Dec. 31, 2023', [2023], [31]],
    // Not dates: day counts, decimals, years after a month, numbers before a lower-case `may`.
    ['취임 100일, 2023년 1월', [100, 2023], [1]],
    ['in January 2023', [2023], []],
    ['30일간 이어졌다', [30], []],
    ['16일째 열대야', [16], []],
    ['3일 만에', [3], []],
    ['5.1일', [5.1], []],
    ['may 20 people', [20], []],
    ['5 Marines', [5], []],
  ])('%s', (text, byDefault, dates) => {
    expect(values(text)).toEqual(byDefault);
    expect(
      findNumbers(text, { dates: true })
        .filter((n) => n.kind === 'date')
        .map((n) => n.value),
    ).toEqual(dates);
  });

  it('in Korean a day does not lend its date to a following bare number', () => {
    expect(values('5일 -3%')).toEqual([3]);
  });
});

describe('findNumbers: offsets', () => {
  it('cover the units and the percent sign', () => {
    expect(findNumbers('약 1억1천만 달러')[0]).toMatchObject({ start: 2, end: 7 });
    expect(findNumbers('$250-million deal')[0]).toMatchObject({ start: 1, end: 12 });
    expect(findNumbers('up 2.1 percent.')[0]).toMatchObject({ start: 3, end: 14 });
  });
});

describe('numberKey / numberKeys', () => {
  it('agree across float noise', () => {
    expect(numberKey(0.1 + 0.2)).toBe(numberKey(0.3));
    expect(numberKey(1.1 * 1e8)).toBe('110000000');
  });

  it('the same values on both sides of a translation', () => {
    const ko = numberKeys('육아휴직 급여 상한을 150만 원에서 250만 원으로 올리고 첫 6개월간 100%를 지급한다. 재원은 약 1조2000억 원.');
    const en = numberKeys('raising the cap from 1.5 million won to 2.5 million won; 100 percent for the first six months; 1.2 trillion won.');
    expect([...en].sort()).toEqual([...ko].sort());
  });

  it.each<[string, Parameters<typeof numberKeys>[1], string[]]>([
    // Distinct keys in order of first appearance; integers below 10 dropped, small percents and decimals kept.
    ['3 people in 2020 paid 15 won', {}, ['2020', '15']],
    ['3 people in 2020 paid 15 won', { years: false }, ['15']],
    ['3 people', { minInteger: 1 }, ['3']],
    ['COVID-19 and G20, 19 cases', {}, ['19', '20']],
    ['2 people, 9명, 0.8%, 2% 올라', {}, ['0.8', '2']],
    ['on March 31, 12 people', {}, ['12']],
    ['on March 31, 12 people', { dates: true }, ['31', '12']],
  ])('%s %o', (text, opts, want) => {
    expect([...numberKeys(text, opts)]).toEqual(want);
  });
});
