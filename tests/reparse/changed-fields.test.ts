import { describe, expect, it } from 'vitest';
import { changedFields } from '../../src/reparse/changed-fields.js';
import type { PairRecord } from '../../src/records/pair.js';

type Content = Pick<PairRecord, 'english' | 'korean' | 'pairing'>;

const english = { lang: 'en', url: 'https://www.donga.com/en/article/all/20240301/5000001/1', title: 'Title', body: ['One.', 'Two.'] };
const korean = { lang: 'ko', url: 'https://www.donga.com/news/article/all/20240301/125000001/1', title: '제목', body: ['하나.'] };
const pairing = { method: 'korean_link', status: 'paired', koreanUrl: korean.url, error: null, evidence: null, verdict: 'verified' };
const pair = (over: Partial<Record<keyof Content, unknown>> = {}) => ({ english, korean, pairing, ...over }) as unknown as Content;

describe('changedFields', () => {
  it('names nothing for equal content, whatever the key order', () => {
    const reordered = pair({ english: { body: ['One.', 'Two.'], title: 'Title', url: english.url, lang: 'en' } });
    expect(changedFields(pair(), reordered)).toEqual([]);
  });

  it('names each changed field by side, in a fixed order', () => {
    const after = pair({ english: { ...english, title: 'New title', body: ['One.'] }, pairing: { ...pairing, verdict: 'plausible' } });
    expect(changedFields(pair(), after)).toEqual(['english.body', 'english.title', 'pairing.verdict']);
  });

  it('names a side that appears or disappears whole, and a field added or dropped', () => {
    const failed = pair({ korean: null, pairing: { ...pairing, status: 'korean_failed', error: { code: 'missing_body', message: 'x' }, verdict: undefined } });
    expect(changedFields(failed, pair())).toEqual(['korean', 'pairing.error', 'pairing.status', 'pairing.verdict']);
    expect(changedFields(pair(), failed)).toEqual(['korean', 'pairing.error', 'pairing.status', 'pairing.verdict']);
    expect(changedFields(pair(), pair({ english: { ...english, subtitle: 'Sub' } }))).toEqual(['english.subtitle']);
  });
});
