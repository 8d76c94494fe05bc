import { describe, expect, it } from 'vitest';
import { quotationSpans, splitSentences } from '../../src/align/split-sentences.js';

describe('splitSentences: English', () => {
  it.each<[string, string, string[]]>([
    ['two plain sentences', 'The talks resumed. Both sides met.', ['The talks resumed.', 'Both sides met.']],
    ['title abbreviations', 'Mr. Kim and Dr. Lee met Gen. Park. They talked.', ['Mr. Kim and Dr. Lee met Gen. Park.', 'They talked.']],
    ['U.S. mid-sentence', 'The U.S. Forces Korea said so. Seoul agreed.', ['The U.S. Forces Korea said so.', 'Seoul agreed.']],
    ['U.S. ending a sentence', 'The troops are based in the U.S. The talks go on.', ['The troops are based in the U.S.', 'The talks go on.']],
    [
      'month abbreviation before a day',
      'It takes effect on Jan. 1 next year. Employers welcomed it.',
      ['It takes effect on Jan. 1 next year.', 'Employers welcomed it.'],
    ],
    [
      'p.m. before a weekday, then before a sentence',
      'They met at 3 p.m. Thursday. It ended at 5 p.m. The mood was calm.',
      ['They met at 3 p.m. Thursday.', 'It ended at 5 p.m.', 'The mood was calm.'],
    ],
    ['decimals and percent', 'Growth was 2.1 percent, or 1.5% less. Rates stay at 3.50%.', ['Growth was 2.1 percent, or 1.5% less.', 'Rates stay at 3.50%.']],
    ['quote closing after the period', 'He said, "It is over." Then he left.', ['He said, "It is over."', 'Then he left.']],
    [
      'curly quote closing after the period',
      '“There is no knowing the result.” The official left.',
      ['“There is no knowing the result.”', 'The official left.'],
    ],
    ['question inside a quote, lower-case continuation', '“Is it over?” he asked. Nobody answered.', ['“Is it over?” he asked.', 'Nobody answered.']],
    ['question and exclamation', 'Why now? Because time is short! Act.', ['Why now?', 'Because time is short!', 'Act.']],
    ['middle initial', 'Donald J. Trump won. He spoke.', ['Donald J. Trump won.', 'He spoke.']],
    [
      'Co. mid-sentence and at the end',
      'Hyundai Motor Co. said it would hire. He joined Samsung Electronics Co. He left later.',
      ['Hyundai Motor Co. said it would hire.', 'He joined Samsung Electronics Co.', 'He left later.'],
    ],
    [
      'lower-case after a period is no boundary',
      'Costs rose approx. five percent, i.e. more than planned.',
      ['Costs rose approx. five percent, i.e. more than planned.'],
    ],
    ['ellipsis', 'He paused... Then he went on. And so on… the end.', ['He paused...', 'Then he went on.', 'And so on… the end.']],
    ['web address', 'Visit donga.com for more. Thanks.', ['Visit donga.com for more.', 'Thanks.']],
    ['no final period', 'The exhibition runs until Aug. 28', ['The exhibition runs until Aug. 28']],
    ['abbreviation after opening brackets', 'Envoys ("Dr. Lee" among them) arrived. Talks began.', ['Envoys ("Dr. Lee" among them) arrived.', 'Talks began.']],
    [
      'Co. before a quoted or comma-followed opener',
      'He joined Samsung Electronics Co. "The pay is good," he said. He left Hyundai Motor Co. He, too, moved.',
      ['He joined Samsung Electronics Co.', '"The pay is good," he said.', 'He left Hyundai Motor Co.', 'He, too, moved.'],
    ],
    ['Co. before an opener that ends the paragraph', 'It went to Hyundai Motor Co. Then', ['It went to Hyundai Motor Co.', 'Then']],
    ['a year ends a sentence', 'He was born in 1990. The war had ended.', ['He was born in 1990.', 'The war had ended.']],
    [
      'a code ending in digits, or starting with them, ends a sentence before a number',
      'The bus was B12. 30 people rode it. It was gate 12B. 40 waited.',
      ['The bus was B12.', '30 people rode it.', 'It was gate 12B.', '40 waited.'],
    ],
    ['an earlier dotted date does not hide a later boundary', 'On 2020. 4. 3 the law changed. It was new.', ['On 2020. 4. 3 the law changed.', 'It was new.']],
    ['unknown abbreviation before a lower-case word', 'Prices rose 3 pct. over the year.', ['Prices rose 3 pct. over the year.']],
    ['three-letter dotted acronym mid-sentence', 'The U.S.A. Army base closed. Locals left.', ['The U.S.A. Army base closed.', 'Locals left.']],
    ['question after an abbreviation-like word', 'Did he say no? Nobody knows.', ['Did he say no?', 'Nobody knows.']],
    ['quoted abbreviation at the end of a sentence', 'Everyone calls him "Dr." The nickname stuck.', ['Everyone calls him "Dr."', 'The nickname stuck.']],
    ['a quote closing after a period, then a lower-case word', 'He said "It is over." and then left.', ['He said "It is over." and then left.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe('splitSentences: Korean', () => {
  it.each<[string, string, string[]]>([
    ['다. endings', '기준금리를 동결했다. 물가가 여전히 높다.', ['기준금리를 동결했다.', '물가가 여전히 높다.']],
    ['요. and 까? endings', '정말 그럴까? 그렇지 않아요. 두고 봐야죠.', ['정말 그럴까?', '그렇지 않아요.', '두고 봐야죠.']],
    ['missing space after the period', '금리를 동결했다.이에 따라 시장이 안정됐다.', ['금리를 동결했다.', '이에 따라 시장이 안정됐다.']],
    ['missing space before an opening quote', '그는 말했다.“앞으로 노력하겠다.”', ['그는 말했다.', '“앞으로 노력하겠다.”']],
    ['quote with a particle stays inside', '그는 “협상은 끝났다”고 말했다. 이어 자리를 떴다.', ['그는 “협상은 끝났다”고 말했다.', '이어 자리를 떴다.']],
    ['다” quote that is a sentence of its own', '“협상은 끝났다” 외교부 당국자는 이렇게 말했다.', ['“협상은 끝났다”', '외교부 당국자는 이렇게 말했다.']],
    ['period inside the closing quote', '그는 “끝까지 가겠다.” 이어 회의장을 나갔다.', ['그는 “끝까지 가겠다.”', '이어 회의장을 나갔다.']],
    ['quoted period followed by a particle', '“조만간 타결될 것.”이라고 말했다.', ['“조만간 타결될 것.”이라고 말했다.']],
    [
      'decimals, amounts and percent',
      '환율은 1,385.2원, 상승률은 2.1%였다. 코스피는 0.8% 올랐다.',
      ['환율은 1,385.2원, 상승률은 2.1%였다.', '코스피는 0.8% 올랐다.'],
    ],
    [
      'percent before the period',
      '물가는 3.1% 올랐다고 밝혔다. 전년보다 2%. 이는 높은 수준이다.',
      ['물가는 3.1% 올랐다고 밝혔다.', '전년보다 2%.', '이는 높은 수준이다.'],
    ],
    ['dotted dates are no boundary', '2020. 4. 3. 개정된 법이 2020.5.1. 다시 바뀌었다.', ['2020. 4. 3. 개정된 법이 2020.5.1. 다시 바뀌었다.']],
    ['U.S. inside Korean', '미 U.S. 스틸 인수가 무산됐다. 일본제철은 반발했다.', ['미 U.S. 스틸 인수가 무산됐다.', '일본제철은 반발했다.']],
    ['single quotes for emphasis stay', '‘슈퍼 화요일’ 경선이 끝났다.', ['‘슈퍼 화요일’ 경선이 끝났다.']],
    ['a Korean ending before a lower-case Latin word', '가격은 5달러다. iPhone 판매는 늘었다.', ['가격은 5달러다.', 'iPhone 판매는 늘었다.']],
    ['two-digit dotted dates, spaced or not', '2020. 10. 12. 개정된 법이 2020.10.12. 다시 바뀌었다.', ['2020. 10. 12. 개정된 법이 2020.10.12. 다시 바뀌었다.']],
    ['an ellipsis with no space does not end a sentence', '그런데…그는 떠났다.', ['그런데…그는 떠났다.']],
    ['a Latin abbreviation followed by a Korean particle', '그는 U.S.와 협력했다.', ['그는 U.S.와 협력했다.']],
    ['missing space before an opening single quote', '그는 말했다.‘시간이 없다’는 것이다.', ['그는 말했다.', '‘시간이 없다’는 것이다.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('trims and drops nothing else: joining the sentences gives the paragraph back', () => {
    const para = '  한미 간 제11차 방위비분담특별협정(SMA) 최종 타결이 늦어지고 있다. 정부 관계자들은 1일까지 회의를 이어갔다.  ';
    const s = splitSentences(para);
    expect(s).toHaveLength(2);
    expect(s.join(' ')).toBe(para.trim());
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('splitSentences: quotations embedded in a sentence are never cut', () => {
  it.each<[string, string, string[]]>([
    [
      'Korean curly quote with two sentences and 고',
      '그는 “경제가 어렵다. 하지만 희망은 있다”고 말했다. 이어 자리를 떴다.',
      ['그는 “경제가 어렵다. 하지만 희망은 있다”고 말했다.', '이어 자리를 떴다.'],
    ],
    [
      'Korean quote ending in a period, then 라고',
      '김 장관은 “협상은 끝나지 않았다. 끝까지 최선을 다하겠다.”라고 밝혔다.',
      ['김 장관은 “협상은 끝나지 않았다. 끝까지 최선을 다하겠다.”라고 밝혔다.'],
    ],
    [
      'Korean question inside a quote',
      '그는 “왜 지금인가? 시간이 없다”며 서둘렀다. 회의는 끝났다.',
      ['그는 “왜 지금인가? 시간이 없다”며 서둘렀다.', '회의는 끝났다.'],
    ],
    [
      'Korean single quotes',
      "당국자는 '협상은 끝났다. 더는 없다'고 했다. 야당은 반발했다.",
      ["당국자는 '협상은 끝났다. 더는 없다'고 했다.", '야당은 반발했다.'],
    ],
    ['Korean curly single quotes', '그는 ‘우리는 준비됐다. 두렵지 않다’는 글을 올렸다.', ['그는 ‘우리는 준비됐다. 두렵지 않다’는 글을 올렸다.']],
    ['corner brackets', '그는 「전쟁은 끝났다. 이제 재건이다」라고 썼다. 책은 팔렸다.', ['그는 「전쟁은 끝났다. 이제 재건이다」라고 썼다.', '책은 팔렸다.']],
    ['double corner brackets', '소설 『나는 왔다. 나는 보았다』가 나왔다. 반응은 좋았다.', ['소설 『나는 왔다. 나는 보았다』가 나왔다.', '반응은 좋았다.']],
    ['nested quotes', '그는 “상대가 ‘끝났다. 돌아가라’고 했다. 우리는 버텼다”고 전했다.', ['그는 “상대가 ‘끝났다. 돌아가라’고 했다. 우리는 버텼다”고 전했다.']],
    [
      'English ellipsis and a new sentence inside the quote',
      '“You still have a long way to go... Stay humble,” he said. The crowd cheered.',
      ['“You still have a long way to go... Stay humble,” he said.', 'The crowd cheered.'],
    ],
    [
      'English straight quotes',
      '"We are ready. We will win," Coach Kim said on Monday. Fans agreed.',
      ['"We are ready. We will win," Coach Kim said on Monday.', 'Fans agreed.'],
    ],
    [
      'English curly quote with a question mid-quote',
      'She asked, “Who pays? Not us,” and left. Talks ended.',
      ['She asked, “Who pays? Not us,” and left.', 'Talks ended.'],
    ],
    [
      'English single quotes with an apostrophe inside',
      "He called it 'a deal that won't last. It's a truce' at the forum. Others disagreed.",
      ["He called it 'a deal that won't last. It's a truce' at the forum.", 'Others disagreed.'],
    ],
    ['a quotation that is a sentence still ends one', '“We will win. We are ready.” The coach smiled.', ['“We will win. We are ready.”', 'The coach smiled.']],
    [
      'a Korean standalone quote ending in 다”',
      '“협상은 끝났다. 더는 없다” 외교부 당국자의 말이다.',
      ['“협상은 끝났다. 더는 없다”', '외교부 당국자의 말이다.'],
    ],
    [
      'an unclosed quote (continued in the next paragraph) is split as before',
      '“The talks are over. We go home. Nobody won.',
      ['“The talks are over.', 'We go home.', 'Nobody won.'],
    ],
    [
      'apostrophes are no quotes',
      "Seoul’s view differs. The ’90s are over. Korea's rate rose.",
      ['Seoul’s view differs.', 'The ’90s are over.', "Korea's rate rose."],
    ],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('quotationSpans pairs marks by shape and skips apostrophes and unclosed marks', () => {
    expect(quotationSpans('a “b ‘c’ d” e')).toEqual([[2, 10]]);
    expect(quotationSpans("it's 'x' and don't")).toEqual([[5, 7]]);
    expect(quotationSpans('“open only')).toEqual([]);
    expect(quotationSpans('“a ‘b” c')).toEqual([[0, 5]]);
  });
});
