import { describe, expect, it } from 'vitest';
import { anchorNumbers, extractLatin, sentenceAnchors } from '../../src/align/anchors.js';

describe('anchorNumbers', () => {
  it.each<[string, string[]]>([
    // Korean units, alone and compound; English scale words: the two sides meet on the value.
    ['1억1천만 달러를 투자했다', ['110000000']],
    ['invested $110 million', ['110000000']],
    ['12조3천억 원', ['12300000000000']],
    ['12.3 trillion won', ['12300000000000']],
    ['1조2000억 원, 3억 5000만 원', ['1200000000000', '350000000']],
    ['150만 원에서 250만 원으로', ['1500000', '2500000']],
    ['from 1.5 million won to 2.5 million won', ['1500000', '2500000']],
    ['3천 명, 5백만 명', ['3000', '5000000']],
    ['1862조 원', ['1862000000000000']],
    ['1,862 trillion won', ['1862000000000000']],
    ['환율은 1,385.2원', ['1385.2']],
    ['closed at 1,385.2', ['1385.2']],
    ['2.1% 올라', ['2.1']],
    ['up 2.1 percent', ['2.1']],
    ['2020년 11차 협정', ['2020', '11']],
    ['the 11th agreement in 2020', ['11', '2020']],
    ['코로나19 / COVID-19', ['19']],
    ['7만3600원, 타율 .298', ['73600', '0.298']],
    ['73,600 won, batting .298', ['73600', '0.298']],
    // Dates: Korean day and month numbers and English dates are left out (weekdays and month names differ).
    ['지난달 31일 10월 2일', []],
    ['on March 31 and Jan. 1', []],
    ['취임 100일, January 2023', ['100', '2023']],
    // Single-digit integers are left out (English spells them out); decimals and percents below 10 stay.
    ['2 people, 9명, 0.8%', ['0.8']],
    ['물가 상승률이 2%대로 내려왔지만', ['2']],
    ['inflation has slowed to the 2 percent range', ['2']],
    // A day count is a number, a calendar day is not.
    ['4일 밤 16일째 열대야가 이어졌다', ['16']],
    ['no numbers here', []],
    // A bare number after a big unit is its own number (`3억 5000만` adds up, `1억 5000명` does not).
    ['1억 5000명', ['100000000', '5000']],
    // Only strictly smaller units add up: `1만 2만` are two numbers.
    ['관객 1만 2만 명', ['10000', '20000']],
    // Scale words with or without a space.
    ['$5bn', ['5000000000']],
    ['5 billion', ['5000000000']],
    // 일/월 must follow the number directly; 13월 is no month.
    ['15명이 일했다, 12명이 월요일에', ['15', '12']],
    ['12월, 13월의 월급', ['13']],
    // 10 is the smallest integer kept.
    ['10명', ['10']],
  ])('%s', (text, expected) => {
    expect(anchorNumbers(text)).toEqual(expected);
  });
});

describe('extractLatin', () => {
  it.each<[string, string[]]>([
    ['방위비분담특별협정(SMA) 타결', ['SMA']],
    ['삼성전자와 SK하이닉스, AI 반도체', ['SK', 'AI']],
    ['K-pop 스타와 G20 회의, R&D 예산', ['K-pop', 'G20', 'R&D']],
    ['A씨는 말했다', []],
    ['The Fed held rates.', ['The', 'Fed', 'held', 'rates']],
  ])('%s', (text, expected) => {
    expect(extractLatin(text)).toEqual(expected);
  });

  it('keeps case, so IT is not it', () => {
    const ko = sentenceAnchors('IT 업계가 반발했다.');
    const en = sentenceAnchors('It was a blow to the IT industry.');
    expect(ko.latin.filter((t) => en.latin.includes(t))).toEqual(['IT']);
    expect(sentenceAnchors('It rained.').latin).not.toContain('IT');
  });
});
