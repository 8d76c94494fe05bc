/**
 * A Korean news story and an English translation of it, written for these tests (not Dong-A text). The English is a
 * faithful translation; variants below merge paragraphs, split or add sentences, as Dong-A's English edition does.
 */

/** Korean original: 4 paragraphs, 8 sentences (indices in comments). */
export const KO_BODY: readonly string[] = [
  // 0, 1
  '한국은행 금융통화위원회가 11일 기준금리를 연 3.50%로 동결했다. 물가 상승률이 여전히 목표치를 웃돌고 있다는 판단에서다.',
  // 2, 3
  '이창용 한은 총재는 기자간담회에서 “물가가 안정될 때까지 긴축 기조를 유지하겠다”고 말했다. 그는 가계부채가 1862조 원에 이르러 금리 인하를 서두를 수 없다고 설명했다.',
  // 4, 5
  '시장에서는 연내 인하 가능성에 주목하고 있다. 미국 연방준비제도(Fed)가 9월 금리를 내리면 한은도 10월에 뒤따를 수 있다는 관측이 나온다.',
  // 6, 7
  '원-달러 환율은 이날 1,385.2원으로 마감했다. 코스피는 0.8% 오른 2,780.35에 장을 마쳤다.',
];

/** English translation sentence by sentence (sentence i translates Korean sentence i). */
export const EN_SENTENCES: readonly string[] = [
  'The Bank of Korea kept its benchmark interest rate at 3.50 percent on Thursday.',
  'The central bank judged that inflation was still running above its target.',
  '“We will maintain a tight stance until prices are stable,” Governor Rhee Chang-yong told a press conference.',
  'He explained that the central bank could not rush to cut rates as household debt has reached 1,862 trillion won.',
  'Markets are watching for a possible cut within this year.',
  'If the U.S. Federal Reserve (Fed) lowers rates in September, the BOK could follow in October, some observers say.',
  'The won closed at 1,385.2 against the U.S. dollar.',
  'The KOSPI rose 0.8 percent to close at 2,780.35.',
];

/** The same paragraphs as the Korean side. */
export const EN_BODY: readonly string[] = [
  `${EN_SENTENCES[0]} ${EN_SENTENCES[1]}`,
  `${EN_SENTENCES[2]} ${EN_SENTENCES[3]}`,
  `${EN_SENTENCES[4]} ${EN_SENTENCES[5]}`,
  `${EN_SENTENCES[6]} ${EN_SENTENCES[7]}`,
];
