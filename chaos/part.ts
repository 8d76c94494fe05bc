/** What every part of the chaos suite returns: its table, and per case whether it met its target. */
export interface CaseResult {
  /** Short stable name (the CI test and the README refer to cases by it). */
  name: string;
  ok: boolean;
  /** Why it failed (empty when ok): wrong outcome, forbidden request, dead worker, lost or duplicated data. */
  problems: string[];
  /**
   * Misses of a speed or memory target (give-up time, RSS, window counts, utilization). They fail `npm run chaos`
   * like any problem, but the CI short form does not assert them: on a shared 2-core machine they measure noise.
   */
  soft: string[];
  /** The row printed in the part's table. */
  row: string[];
  /** Safety facts the CI form asserts even for cases still waiting for a fix. */
  facts?: { forbiddenHits?: number; workersAlive?: boolean };
}

export interface PartResult {
  part: 'crash' | 'hostile' | 'politeness';
  title: string;
  head: string[];
  cases: CaseResult[];
  /** Lines printed under the table (settings, figures). */
  notes: string[];
  ok: boolean;
  wallMs: number;
}

export interface PartOptions {
  /** The CI form: smaller sites, fewer kills, shorter bounds. */
  quick: boolean;
  stores: ('sqlite' | 'postgres')[];
  log: (line: string) => void;
}

export function caseResult(name: string, problems: string[], row: string[], soft: string[] = []): CaseResult {
  const all = [...problems, ...soft];
  return { name, ok: all.length === 0, problems, soft, row: [...row, all.length === 0 ? 'ok' : `FAIL: ${all.join('; ')}`] };
}
