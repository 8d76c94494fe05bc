/** The replay site: a reconstructed donga-like site on loopback, for tests, benchmarks and the demo. */
export { startReplaySite, type ReplaySite } from './server.js';
export { buildSiteModel, expectedEnglish, type SiteModel, type ArticleSpec } from './site-model.js';
export { faultPreset, type ReplayFaults } from './faults.js';
