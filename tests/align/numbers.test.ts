import { describe, expect, it } from 'vitest';
import { extractNumbers } from '../../src/align/numbers.js';

describe('extractNumbers: the two sides meet on the value', () => {
  it.each<[string, number[], string, number[]]>([
    // [Korean, its values, English, its values]
    ['1억1천만 달러를 투자했다', [110_000_000], 'invested $110 million', [110_000_000]],
    ['7만3600원에 마감했다', [73_600], 'closed at 73,600 won', [73_600]],
    ['3.5조 원 규모', [3.5e12], 'worth 3.5 trillion won', [3.5e12]],
    ['타율 0.298', [0.298], 'batting .298 this season', [0.298]],
    ['12조3천억 원', [12.3e12], '12.3 trillion won', [12.3e12]],
    ['1조2000억 원, 3억 5000만 원', [1.2e12, 350_000_000], '1.2 trillion won and 350 million won', [1.2e12, 350_000_000]],
    ['150만 원에서 250만 원으로', [1_500_000, 2_500_000], 'from 1.5 million won to 2.5 million won', [1_500_000, 2_500_000]],
    ['3천 명, 5백만 명', [3000, 5_000_000], '3,000 people, 5 million people', [3000, 5_000_000]],
    ['730만 명', [7_300_000], '7.3 million people', [7_300_000]],
    ['1862조 원', [1.862e15], '1,862 trillion won', [1.862e15]],
    ['환율은 1,385.2원', [1385.2], 'closed at 1,385.2', [1385.2]],
    ['2.1% 올라', [2.1], 'up 2.1 percent', [2.1]],
    ['5천억 달러', [5e11], '$500 billion', [5e11]],
    ['2억5000만 달러', [250_000_000], '$250-million deal', [250_000_000]],
    ['3조 원대', [3e12], '$3bn', [3e9]],
  ])('%s = %s', (ko, koValues, en, enValues) => {
    expect(extractNumbers(ko, 'ko')).toEqual(koValues);
    expect(extractNumbers(en, 'en')).toEqual(enValues);
  });

  it.each<[string, 'en' | 'ko', number[]]>([
    // Dates: Korean day and month numbers and English month-day dates are left out.
    ['지난달 31일 10월 2일', 'ko', []],
    ['on March 31 and Jan. 1', 'en', []],
    ['취임 100일, 2023년 1월', 'ko', [100, 2023]],
    ['in January 2023', 'en', [2023]],
    // A space then a bare number is a new number (`10만 20대` is not 100,020); a glued one adds (`7만3600`).
    ['10만 20대 청년', 'ko', [100_000, 20]],
    ['7만3600원과 8만 원', 'ko', [73_600, 80_000]],
    // Units of the other language are not read.
    ['1.5 million won', 'ko', [1.5]],
    ['3만', 'en', [3]],
    // Each value once, in order; versions and codes are numbers too.
    ['COVID-19 and G20, 19 cases', 'en', [19, 20]],
    ['2.5, 2.5 and 0.8', 'en', [2.5, 0.8]],
    ['no numbers here', 'en', []],
  ])('%s (%s)', (text, lang, values) => {
    expect(extractNumbers(text, lang)).toEqual(values);
  });
});
