/** The replay site: a reconstructed donga-like site on loopback, for tests, benchmarks and the demo. */
export { startReplaySite, type ReplayOptions, type ReplaySite, type ReplayStats } from './server.js';
export {
  buildSiteModel, expectedRecords, expectedEnglish, expectedKorean,
  type SiteModel, type SiteModelOptions, type ArticleSpec, type ArticlePatch, type ExpectedPair,
} from './site-model.js';
export {
  expectedOutcome, expectedSummary, faultPlan, faultPreset,
  type ReplayFaults, type FaultPreset, type ExpectedOutcome, type ExpectedSummary, type PathKind,
} from './faults.js';
